/**
 * npm run bench:calls — what one system call costs the subgraph, old way vs new, side by side in
 * one run: the SOAP subsidy stand-in runs as its own process (so the CPU measured here is the
 * client's alone), and the same GetSubsidyRecord reads go through
 *
 *  - fetch: the HttpClient on Node's global fetch (web streams, a Request and Response per call),
 *    every read its own call (the client before the connection pool);
 *  - pool: the HttpClient on its undici keep-alive pool (the default), identical reads in flight
 *    sharing one call.
 *
 * Two loads: distinct residents (the pool's own cost: no sharing possible), and the same
 * residents read by several callers at once (a worker's list opened by colleagues at the same
 * time: sharing). Rounds alternate the two clients so both see the same machine. Shared,
 * noisy machines: read the ratios, not the absolute figures.
 *
 * Options: --calls N (distinct reads per round, default 2000), --rounds N (default 3),
 * --concurrency N (calls in flight, default 8), --callers N (for the shared load, default 8),
 * --latency MS (the stand-in's ELDERLY_DISABILITY_SUBSIDY_LATENCY_MS, default 0; 40 is the realistic profile).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HttpClient } from '../platform/http/client';
import { mapWithConcurrency } from '../platform/concurrency';
import { SubsidyAdapter } from '../subgraphs/civil-affairs/adapters/elderly-disability-subsidy';
import { population } from '../systems/seed/population';
import { freePort, startChild } from '../tests/support/childProcess';

const { values } = parseArgs({
  options: { calls: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '3' }, concurrency: { type: 'string', default: '8' }, callers: { type: 'string', default: '8' }, latency: { type: 'string', default: '0' } },
});
const CALLS = Number(values.calls);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);
const CALLERS = Number(values.callers);
const LATENCY_MS = Number(values.latency);
for (const [name, value] of Object.entries({ calls: CALLS, rounds: ROUNDS, concurrency: CONCURRENCY, callers: CALLERS })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of at least 1, but got ${String(values[name as keyof typeof values])}`);
}
if (!Number.isInteger(LATENCY_MS) || LATENCY_MS < 0) throw new Error(`--latency must be a whole number of milliseconds, but got ${values.latency}`);

interface Figures {
  wallMs: number;
  cpuMs: number;
  calls: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function systemRequests(url: string): Promise<number> {
  const res = await fetch(`${url}/__admin/stats`);
  return ((await res.json()) as { total: number }).total;
}

async function measure(url: string, work: () => Promise<unknown>): Promise<Figures> {
  const before = await systemRequests(url);
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await work();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, calls: (await systemRequests(url)) - before };
}

async function main(): Promise<void> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-calls-'));
  const soap = await startChild('systems/elderly-disability-subsidy/main.ts', { ELDERLY_DISABILITY_SUBSIDY_PORT: String(port), ELDERLY_DISABILITY_SUBSIDY_LATENCY_MS: String(LATENCY_MS), DATA_DIR: dataDir, STANDIN_ADMIN: '1' }, `${url}/healthz`);
  const clients = {
    fetch: new HttpClient({ system: 'ELDERLY_DISABILITY_SUBSIDY', baseUrl: url, shareReads: false }, fetch),
    pool: new HttpClient({ system: 'ELDERLY_DISABILITY_SUBSIDY', baseUrl: url }),
  };
  const adapters = { fetch: new SubsidyAdapter(clients.fetch), pool: new SubsidyAdapter(clients.pool) };
  const residents = population().residents.map((r) => r.idNumber);
  const distinct = Array.from({ length: CALLS }, (_, i) => residents[i % residents.length]);
  // CALLERS callers each reading the same list, all at once.
  const sharedList = residents.slice(0, Math.max(1, Math.floor(CALLS / CALLERS)));
  const loads = {
    distinct: (adapter: SubsidyAdapter) => mapWithConcurrency(distinct, CONCURRENCY, (id) => adapter.getRecord(id)),
    shared: (adapter: SubsidyAdapter) => Promise.all(Array.from({ length: CALLERS }, () => mapWithConcurrency(sharedList, CONCURRENCY, (id) => adapter.getRecord(id)))),
  };
  try {
    // Warm both (JIT, connections) before measuring.
    for (const adapter of Object.values(adapters)) await mapWithConcurrency(residents.slice(0, 200), CONCURRENCY, (id) => adapter.getRecord(id));
    const results: Record<string, Record<string, Figures[]>> = { distinct: { fetch: [], pool: [] }, shared: { fetch: [], pool: [] } };
    for (let round = 0; round < ROUNDS; round++) {
      for (const load of ['distinct', 'shared'] as const) {
        // Alternate which goes first, so neither always runs on a warmer machine.
        const order = round % 2 === 0 ? (['fetch', 'pool'] as const) : (['pool', 'fetch'] as const);
        for (const way of order) results[load][way].push(await measure(url, () => loads[load](adapters[way])));
      }
    }
    const reads = { distinct: distinct.length, shared: sharedList.length * CALLERS };
    console.log(`\nsystem calls: GetSubsidyRecord against the SOAP stand-in (own process, ${LATENCY_MS} ms latency), ${CONCURRENCY} in flight per caller, median of ${ROUNDS} rounds\n`);
    console.log(`${'load'.padEnd(44)} ${'way'.padEnd(6)} ${'reads/s'.padStart(9)} ${'client CPU ms/read'.padStart(19)} ${'calls/read'.padStart(11)}`);
    for (const load of ['distinct', 'shared'] as const) {
      const label = load === 'distinct' ? `${reads.distinct} distinct reads` : `${CALLERS} callers x the same ${sharedList.length} residents`;
      const row = (way: 'fetch' | 'pool') => {
        const f = results[load][way];
        return { rate: reads[load] / (median(f.map((x) => x.wallMs)) / 1000), cpu: median(f.map((x) => x.cpuMs)) / reads[load], calls: median(f.map((x) => x.calls)) / reads[load] };
      };
      const old = row('fetch');
      const now = row('pool');
      for (const [way, r] of [['fetch', old], ['pool', now]] as const) console.log(`${label.padEnd(44)} ${way.padEnd(6)} ${r.rate.toFixed(0).padStart(9)} ${r.cpu.toFixed(3).padStart(19)} ${r.calls.toFixed(2).padStart(11)}`);
      console.log(`${'  ratio pool / fetch'.padEnd(44)} ${''.padEnd(6)} ${`${(now.rate / old.rate).toFixed(2)}x`.padStart(9)} ${`${(now.cpu / old.cpu).toFixed(2)}x`.padStart(19)} ${`${(now.calls / old.calls).toFixed(2)}x`.padStart(11)}`);
    }
  } finally {
    await Promise.all(Object.values(clients).map((c) => c.close()));
    await soap.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
