/**
 * npx tsx bench/reportBurst.ts: a burst of population-change reports, some in flight at once, on
 * the whole system in one process (instant stand-ins, loopback), SQLite store then Redis store
 * (REDIS_URL, default redis://127.0.0.1:6379). Prints the time from sending a report to its
 * answer with every delivery final (p50, p95), the reports accepted per second, and the process's
 * CPU time per report (user + system: on a shared, loaded machine the steadier figure of the three).
 * Options: --reports N (50), --in-flight N (10), --stores sqlite,redis (both; one to profile it alone).
 * The social-insurance stand-in's own rate limit (20/s) caps a burst: measure without it with
 * SOCIAL_INSURANCE_RATE_LIMIT_PER_SECOND=0. Delivery lanes: DELIVERY_CONCURRENCY (10).
 * --store-only: the SQLite intake store and one delivery worker per system (each on its own
 * connection, as the departments run them) with handlers that answer at once, and nothing else:
 * what the intake and delivery machinery alone can take, apart from the stand-ins and the graph.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import { mapWithConcurrency } from '../platform/concurrency';
import { SYSTEM_NAMES } from '../domain/systems';
import { DeliveryWorker } from '../platform/delivery/worker';
import { createSqliteIntakeStore } from '../platform/intake';
import type { IntakeStore } from '../platform/intake/types';
import { createLogger } from '../platform/logger';
import { consistentResidents } from '../systems/seed/population';
import { newReport } from '../tests/support/intakeFixtures';
import { startStack, type Stack } from '../tests/support/stack';
import { deathOf, report } from '../tests/support/reports';
import { percentile } from './burst';

/** Sends `count` reports, `inFlight` at once, each through `send` (resolving when it is COMPLETE); the line of figures. */
async function timed(label: string, count: number, inFlight: number, send: (i: number) => Promise<void>): Promise<string> {
  const times: number[] = [];
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await mapWithConcurrency(Array.from({ length: count }, (_, i) => i), inFlight, async (i) => {
    const sent = performance.now();
    await send(i);
    times.push(performance.now() - sent);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerReport = (cpu.user + cpu.system) / 1000 / count;
  return `${label.padEnd(7)} ${count} reports, ${inFlight} in flight: p50 ${percentile(times, 0.5).toFixed(0)} ms, p95 ${percentile(times, 0.95).toFixed(0)} ms to COMPLETE, ${(count / seconds).toFixed(1)} reports/s, ${cpuMsPerReport.toFixed(1)} CPU ms/report`;
}

async function throughTheGraph(stack: Stack, people: ReturnType<typeof consistentResidents>, inFlight: number, label: string): Promise<string> {
  return timed(label, people.length, inFlight, async (i) => {
    const res = await report(stack, deathOf(people[i]));
    const status = res.data?.reportPopulationChange.status;
    if (status !== 'COMPLETE') throw new Error(`a benchmark report did not complete in the wait: ${status ?? JSON.stringify(res.errors).slice(0, 300)}`);
  });
}

/** Resolves once the intake has no PENDING delivery left (woken by the store, checked once first). */
async function settled(store: IntakeStore, id: string): Promise<void> {
  let done = () => {};
  const woken = new Promise<void>((r) => (done = r));
  const stop = await store.watchIntake(id, done);
  if ((await store.getIntake(id))?.status !== 'COMPLETE') await woken;
  stop();
}

async function storeOnly(count: number, inFlight: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'store-burst-'));
  const file = join(dir, 'intake.sqlite');
  const community = createSqliteIntakeStore(file);
  const departments = SYSTEM_NAMES.map((system) => {
    const store = createSqliteIntakeStore(file);
    const handler = { system, deliver: async () => ({ status: 'DELIVERED' as const, forms: [] }) };
    const worker = new DeliveryWorker(store, [handler], createLogger('bench', 'silent'), { consumer: system, concurrency: Number(process.env.DELIVERY_CONCURRENCY ?? 10) });
    worker.start();
    return { store, worker };
  });
  try {
    return await timed('SQLite store only', count, inFlight, async () => {
      const { key, input } = newReport();
      const created = await community.createIntake(key, input);
      if (created.outcome !== 'created') throw new Error(`a benchmark report was not stored as new: ${created.outcome}`);
      await settled(community, created.intake.id);
    });
  } finally {
    for (const d of departments) await d.worker.stop();
    await Promise.all([community, ...departments.map((d) => d.store)].map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reports: { type: 'string', default: '50' }, 'in-flight': { type: 'string', default: '10' }, stores: { type: 'string', default: 'sqlite,redis' }, 'store-only': { type: 'boolean', default: false } } });
  const count = Number(values.reports);
  const inFlight = Number(values['in-flight']);
  process.env.LOG_LEVEL ??= 'error';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `rgbench:${randomUUID().slice(0, 8)}:`;
  // The services' own polling default unless DELIVERY_POLL_MS is given (undefined: the test stack's quick 50 ms would hide the difference).
  const env = { INTAKE_WAIT_MS: '10000', DELIVERY_POLL_MS: process.env.DELIVERY_POLL_MS, DELIVERY_CONCURRENCY: process.env.DELIVERY_CONCURRENCY };
  if (values['store-only']) {
    console.log(await storeOnly(count, inFlight));
    return;
  }
  const stores = values.stores.split(',').map((s) => s.trim().toLowerCase());
  const living = consistentResidents();
  const rows: string[] = [];
  for (const mode of ['SQLite', 'Redis'] as const) {
    if (!stores.includes(mode.toLowerCase())) continue;
    const stack = await startStack({ subgraphEnv: { ...env, ...(mode === 'Redis' && { REDIS_URL: redisUrl, REDIS_PREFIX: prefix }) } });
    try {
      const people = living.slice(mode === 'SQLite' ? 0 : count, mode === 'SQLite' ? count : 2 * count);
      rows.push(await throughTheGraph(stack, people, inFlight, mode));
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
