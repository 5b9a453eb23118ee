/**
 * The adapter contract: the shared jest suite every system's adapter runs against its own
 * stand-in, so a new department proves the behaviour the graph relies on before it is wired in:
 *
 * - batching: a read of many residents makes a bounded number of system requests (counted by
 *   the stand-in's GET /__admin/stats), and answers each resident the system holds;
 * - partial answers: a resident the system does not hold (or a malformed number) reads as
 *   nothing while the others are answered;
 * - timeouts: a system slower than the budget fails with SYSTEM_TIMEOUT naming it, without
 *   waiting for the slow reply; a system that drops connections fails with SYSTEM_UNAVAILABLE;
 * - retries: a transient error is retried and the read answers; a lasting one is retried as
 *   often as the client is told, then fails with SYSTEM_ERROR naming the system (attempts
 *   counted by the stand-in's transient fault, `{"mode": "error", "times": N}`).
 *
 * Usage, beside the adapter (`subgraphs/<dept>/adapters/<system>/contract.test.ts`):
 *
 *   describeAdapterContract({
 *     standIn: householdRegistrationStandIn,
 *     read: (client) => { const adapter = new MyAdapter(new HttpClient({ system: 'MY_SYSTEM', ...client })); return (ids) => adapter.lookupMany(ids); },
 *     keysOnRecord: (p) => p.residents.filter((r) => r.mySystem).map((r) => r.idNumber),
 *     maxRequestsFor: (n) => Math.ceil(n / MY_BATCH_LIMIT),
 *   });
 */
import type { SystemName } from '../../domain/systems';
import { isValidIdNumber, makeIdNumber } from '../../domain/idNumber';
import { population, type Population } from '../../systems/seed/population';
import type { FaultSettings } from '../../systems/shared/faults';
import type { StandInDefinition } from '../../systems/shared/standIn';
import type { StatsSnapshot } from '../../systems/shared/stats';
import { startStandIn, type StartedStandIn } from './standIns';

/** The HTTP client settings the suite gives the adapter for each test (HttpClientOptions). */
export interface ContractClient {
  baseUrl: string;
  /** Time budget of one call including its retries, in ms. */
  timeoutMs: number;
  /** Retry backoff kept short: the suite counts retries, it does not wait for them. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/** A read of many residents through the adapter: each one the system holds, keyed by ID number; absent or null: nothing on record. */
export type BatchRead = (idNumbers: readonly string[]) => Promise<ReadonlyMap<string, unknown>>;

export interface AdapterContract {
  /** The stand-in of the system the adapter speaks to. */
  standIn: StandInDefinition;
  /** Builds a new adapter (a new HTTP client, a closed circuit breaker) as its subgraph does, and returns its batch read. */
  read(client: ContractClient): BatchRead;
  /** The residents the system holds a record for, from the seed. */
  keysOnRecord(population: Population): string[];
  /** Most system requests a read of `n` residents may make: the adapter's batching, in one formula. */
  maxRequestsFor(n: number): number;
  /** Retries after the first attempt that the adapter's client makes for a failed read. @default 2 (HttpClient's default) */
  retries?: number;
  /** Residents in the batching test. @default 250 (more than the systems' batch limits of 100-200) */
  batchSize?: number;
}

/** A valid ID number nobody in the seed has: born 1 January 1901, sequence 999. */
const NOBODY = makeIdNumber('510114', '19010101', 999);
const CLIENT = { timeoutMs: 3000, backoffBaseMs: 1, backoffMaxMs: 5 };

export function describeAdapterContract(contract: AdapterContract): void {
  const system: SystemName = contract.standIn.system;
  const seed = population();
  const onRecord = contract.keysOnRecord(seed);
  const batchSize = contract.batchSize ?? 250;

  describe(`${system} adapter contract (tests/support/adapterContract.ts)`, () => {
    let standIn: StartedStandIn;
    const admin = async <T>(path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${standIn.url}/__admin/${path}`, body === undefined ? undefined : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await res.json()) as T;
    };
    const read = (client: Partial<ContractClient> = {}) => contract.read({ baseUrl: standIn.url, ...CLIENT, ...client });

    beforeAll(async () => {
      if (seed.residents.some((r) => r.idNumber === NOBODY)) throw new Error(`the seed now holds ${NOBODY}: pick another resident nobody has in tests/support/adapterContract.ts`);
      if (onRecord.length < batchSize) throw new Error(`keysOnRecord gives ${onRecord.length} residents; the batching test needs ${batchSize} (set batchSize lower)`);
      standIn = await startStandIn(contract.standIn);
    });
    afterAll(async () => {
      await standIn?.close();
    });
    beforeEach(async () => {
      await admin('faults', { mode: 'none' });
      await admin('stats/reset', {});
    });

    it(`batching: a read of ${batchSize} residents makes at most maxRequestsFor(${batchSize}) system requests and answers each of them`, async () => {
      const ids = onRecord.slice(0, batchSize);
      const found = await read()(ids);
      const stats = await admin<StatsSnapshot>('stats');
      expect(stats.total).toBeGreaterThan(0);
      expect(stats.total).toBeLessThanOrEqual(contract.maxRequestsFor(batchSize));
      expect(ids.filter((id) => found.get(id) == null)).toEqual([]);
    });

    it('partial answers: a resident the system does not hold, or a malformed number, reads as nothing while the others are answered', async () => {
      const ids = onRecord.slice(0, 3);
      const found = await read()([ids[0], NOBODY, ids[1], 'not-an-id-number', ids[2]]);
      expect(isValidIdNumber(NOBODY)).toBe(true);
      expect(found.get(NOBODY) ?? null).toBeNull();
      expect(found.get('not-an-id-number') ?? null).toBeNull();
      expect(ids.filter((id) => found.get(id) == null)).toEqual([]);
    });

    it('timeout: a system slower than the budget fails with SYSTEM_TIMEOUT naming the system, without waiting for its reply', async () => {
      const latencyMs = 25_000;
      await admin('faults', { mode: 'slow', latencyMs } satisfies Partial<FaultSettings>);
      const started = Date.now();
      await expect(read({ timeoutMs: 300 })([onRecord[0]])).rejects.toMatchObject({ code: 'SYSTEM_TIMEOUT', system });
      // Far below the stand-in's delay: the budget, not the system, ended the call.
      expect(Date.now() - started).toBeLessThan(latencyMs / 2);
    });

    it('outage: a system that drops connections fails with SYSTEM_UNAVAILABLE naming the system', async () => {
      await admin('faults', { mode: 'down' });
      await expect(read()([onRecord[0]])).rejects.toMatchObject({ code: 'SYSTEM_UNAVAILABLE', system });
    });

    it('retry: a transient error is retried once and the read answers', async () => {
      await admin('faults', { mode: 'error', times: 1 });
      const found = await read()([onRecord[0]]);
      expect(found.get(onRecord[0])).not.toBeNull();
      expect(found.get(onRecord[0])).toBeDefined();
      // The fault was used up (the first attempt failed) and a later attempt was served.
      expect(await admin<FaultSettings>('faults')).toMatchObject({ mode: 'none' });
      expect((await admin<StatsSnapshot>('stats')).total).toBeGreaterThan(0);
    });

    it(`retry: a lasting error is attempted 1 + ${contract.retries ?? 2} times, then fails with SYSTEM_ERROR naming the system`, async () => {
      const times = 100;
      await admin('faults', { mode: 'error', times });
      await expect(read()([onRecord[0]])).rejects.toMatchObject({ code: 'SYSTEM_ERROR', system });
      const left = (await admin<FaultSettings>('faults')).times ?? 0;
      expect(times - left).toBe(1 + (contract.retries ?? 2));
    });
  });
}
