/**
 * npx tsx bench/reportBurst.ts: a burst of population-change reports, some in flight at once, on
 * the whole system in one process (instant stand-ins, loopback), SQLite store then Redis store
 * (REDIS_URL, default redis://127.0.0.1:6379). Prints the time from sending a report to its
 * answer with every delivery final (p50, p95), the reports accepted per second, and the process's
 * CPU time per report (user + system: on a shared, loaded machine the steadier figure of the three).
 * Options: --reports N (50), --in-flight N (10), --stores sqlite,redis (both; one to profile it alone).
 * The social-insurance stand-in's own rate limit (20/s) caps a burst: measure without it with
 * SOCIAL_INSURANCE_RATE_LIMIT_PER_SECOND=0. Delivery lanes: DELIVERY_CONCURRENCY (10).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import { mapWithConcurrency } from '../platform/concurrency';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from '../tests/support/stack';
import { deathOf, report } from '../tests/support/reports';

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function burst(stack: Stack, people: ReturnType<typeof consistentResidents>, inFlight: number) {
  const times: number[] = [];
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await mapWithConcurrency(people, inFlight, async (person) => {
    const sent = performance.now();
    const res = await report(stack, deathOf(person));
    const status = res.data?.reportPopulationChange.status;
    if (status !== 'COMPLETE') throw new Error(`a benchmark report did not complete in the wait: ${status ?? JSON.stringify(res.errors).slice(0, 300)}`);
    times.push(performance.now() - sent);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), perSecond: people.length / seconds, cpuMsPerReport: (cpu.user + cpu.system) / 1000 / people.length };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reports: { type: 'string', default: '50' }, 'in-flight': { type: 'string', default: '10' }, stores: { type: 'string', default: 'sqlite,redis' } } });
  const count = Number(values.reports);
  const inFlight = Number(values['in-flight']);
  process.env.LOG_LEVEL ??= 'error';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `rgbench:${randomUUID().slice(0, 8)}:`;
  // The services' own polling default unless DELIVERY_POLL_MS is given (undefined: the test stack's quick 50 ms would hide the difference).
  const env = { INTAKE_WAIT_MS: '10000', DELIVERY_POLL_MS: process.env.DELIVERY_POLL_MS, DELIVERY_CONCURRENCY: process.env.DELIVERY_CONCURRENCY };
  const stores = values.stores.split(',').map((s) => s.trim().toLowerCase());
  const living = consistentResidents();
  const rows: string[] = [];
  for (const mode of ['SQLite', 'Redis'] as const) {
    if (!stores.includes(mode.toLowerCase())) continue;
    const stack = await startStack({ subgraphEnv: { ...env, ...(mode === 'Redis' && { REDIS_URL: redisUrl, REDIS_PREFIX: prefix }) } });
    try {
      const people = living.slice(mode === 'SQLite' ? 0 : count, mode === 'SQLite' ? count : 2 * count);
      const r = await burst(stack, people, inFlight);
      rows.push(`${mode.padEnd(7)} ${count} reports, ${inFlight} in flight: p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms to COMPLETE, ${r.perSecond.toFixed(1)} reports/s, ${r.cpuMsPerReport.toFixed(1)} CPU ms/report`);
    } finally {
      await stack.close();
    }
  }
  const client = new Redis(redisUrl);
  const keys = await client.keys(`${prefix}*`);
  if (keys.length) await client.del(...keys);
  await client.quit();
  console.log(rows.join('\n'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
