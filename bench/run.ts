/**
 * npm run bench: figures measured side by side in one run, on the whole system in one process
 * (real HTTP on loopback, every part on port 0). Machines here are shared and noisy: read the
 * ratios, not the absolute milliseconds.
 *
 *  1. Civil affairs reading 100 residents (its benefits from two systems, names from the registry,
 *     vital status from health): one `residents(first: 100)` query vs the same residents asked
 *     one `resident(idNumber)` at a time (8 in flight), with the system requests each costs.
 *  2. The single input: time until reportPopulationChange answers with every delivery final,
 *     SQLite store vs Redis store (REDIS_URL, default redis://127.0.0.1:6379).
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { SYSTEM_NAMES } from '../domain/systems';
import { mapWithConcurrency } from '../platform/concurrency';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from '../tests/support/stack';
import { deathOf, report } from '../tests/support/reports';

// What civil affairs may read (the permission matrix): its own benefits, the registry's name and community, vital status.
const FIELDS = 'idNumber name community subsistenceAllowance { status monthlyAmount } specialHardship { status } elderlySubsidy { status } disabilitySubsidy { status } vitalStatus { deceased deathDate }';
// Within one caller's rate-limit budget (the gateway counts every resident looked up).
const ROUNDS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}
async function systemRequests(stack: Stack): Promise<number> {
  return (await Promise.all(SYSTEM_NAMES.map((s) => stack.stats(s)))).reduce((n, s) => n + s.total, 0);
}
async function ok(p: Promise<{ errors?: unknown[] }>) {
  const res = await p;
  if (res.errors) throw new Error(`benchmark query failed: ${JSON.stringify(res.errors).slice(0, 300)}`);
  return res;
}

async function reads(stack: Stack) {
  const token = await stack.token('civil-affairs');
  const page = await ok(stack.query<{ residents: { nodes: { idNumber: string }[] } }>(`{ residents(first: 100) { nodes { idNumber } } }`, undefined, token));
  const ids = (page as { data: { residents: { nodes: { idNumber: string }[] } } }).data.residents.nodes.map((n) => n.idNumber);
  const list: number[] = [];
  const single: number[] = [];
  let listCalls = 0;
  let singleCalls = 0;
  // Alternate the two ways so both see the same machine conditions.
  for (let round = 0; round < ROUNDS; round++) {
    let before = await systemRequests(stack);
    list.push(await timed(() => ok(stack.query(`{ residents(first: 100) { nodes { ${FIELDS} } } }`, undefined, token))));
    listCalls = (await systemRequests(stack)) - before;
    before = await systemRequests(stack);
    single.push(await timed(() => mapWithConcurrency(ids, 8, (id) => ok(stack.query(`query($id: ID!) { resident(idNumber: $id) { ${FIELDS} } }`, { id }, token)))));
    singleCalls = (await systemRequests(stack)) - before;
  }
  return { list: median(list), single: median(single), listCalls, singleCalls };
}

async function writes(stack: Stack, people: ReturnType<typeof consistentResidents>) {
  const times: number[] = [];
  for (const person of people) {
    let status = '';
    times.push(
      await timed(async () => {
        const res = await report(stack, deathOf(person));
        status = res.data?.reportPopulationChange.status ?? JSON.stringify(res.errors);
      }),
    );
    if (status !== 'COMPLETE') throw new Error(`a benchmark report did not complete in the wait: ${status}`);
  }
  return median(times);
}

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'error';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `rgbench:${randomUUID().slice(0, 8)}:`;
  const embedded = await startStack({ subgraphEnv: { INTAKE_WAIT_MS: '10000' } });
  const scaled = await startStack({ subgraphEnv: { INTAKE_WAIT_MS: '10000', REDIS_URL: redisUrl, REDIS_PREFIX: prefix } });
  try {
    const r = await reads(embedded);
    const living = consistentResidents();
    // Different residents for each store (each stack has its own stand-ins, but keep it obvious).
    const sqlite = await writes(embedded, living.slice(0, 10));
    const redis = await writes(scaled, living.slice(10, 20));
    const rows = [
      ['100 residents, civil affairs view: residents(first: 100)', `${r.list.toFixed(0)} ms`, `${r.listCalls} system requests`],
      ['the same, resident(idNumber) x100, 8 in flight', `${r.single.toFixed(0)} ms`, `${r.singleCalls} system requests`],
      ['  ratio one-at-a-time / list', `${(r.single / r.list).toFixed(1)}x`, `${(r.singleCalls / r.listCalls).toFixed(1)}x requests`],
      ['reportPopulationChange until every delivery is final, SQLite', `${sqlite.toFixed(0)} ms`, 'median of 10'],
      ['the same, Redis store', `${redis.toFixed(0)} ms`, 'median of 10'],
      ['  ratio Redis / SQLite', `${(redis / sqlite).toFixed(2)}x`, ''],
    ];
    console.log(`\nresident-graph benchmark (median of ${ROUNDS} rounds for reads; loopback, in one process)\n`);
    for (const [what, value, note] of rows) console.log(`${what.padEnd(64)} ${value.padStart(9)}   ${note}`);
  } finally {
    await embedded.close();
    await scaled.close();
    const client = new Redis(redisUrl);
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
    await client.quit();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
