/**
 * npx tsx bench/reportBurst.ts: a burst of population-change reports, some in flight at once, on
 * the whole system in one process (instant stand-ins, loopback), SQLite store then Redis store
 * (REDIS_URL, default redis://127.0.0.1:6379). Prints the time from sending a report to its
 * answer with every delivery final (p50, p95) and the reports accepted per second.
 * Options: --reports N (50), --in-flight N (10).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from '../tests/support/stack';
import { deathOf, report } from '../tests/support/reports';
import { burst, percentile } from './burst';

async function timedBurst(stack: Stack, people: ReturnType<typeof consistentResidents>, inFlight: number) {
  const r = await burst(people, inFlight, async (person) => (await report(stack, deathOf(person))).data?.reportPopulationChange.status);
  if (r.notComplete) throw new Error(`${r.notComplete} benchmark report(s) did not complete in the wait`);
  return { p50: percentile(r.times, 0.5), p95: percentile(r.times, 0.95), perSecond: people.length / r.seconds };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reports: { type: 'string', default: '50' }, 'in-flight': { type: 'string', default: '10' } } });
  const count = Number(values.reports);
  const inFlight = Number(values['in-flight']);
  process.env.LOG_LEVEL ??= 'error';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `rgbench:${randomUUID().slice(0, 8)}:`;
  // The services' own polling default unless DELIVERY_POLL_MS is given (undefined: the test stack's quick 50 ms would hide the difference).
  const env = { INTAKE_WAIT_MS: '10000', DELIVERY_POLL_MS: process.env.DELIVERY_POLL_MS };
  const living = consistentResidents();
  const rows: string[] = [];
  for (const mode of ['SQLite', 'Redis'] as const) {
    const stack = await startStack({ subgraphEnv: { ...env, ...(mode === 'Redis' && { REDIS_URL: redisUrl, REDIS_PREFIX: prefix }) } });
    try {
      const people = living.slice(mode === 'SQLite' ? 0 : count, mode === 'SQLite' ? count : 2 * count);
      const r = await timedBurst(stack, people, inFlight);
      rows.push(`${mode.padEnd(7)} ${count} reports, ${inFlight} in flight: p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms to COMPLETE, ${r.perSecond.toFixed(1)} reports/s`);
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
