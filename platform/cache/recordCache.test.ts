/** The system-record cache's behaviour, the same in process memory and in Redis. */
import Redis from 'ioredis';
import { deleteRedisKeys, withRedis } from '../../tests/support/environment';
import { createMetricsRegistry } from '../metrics/registry';
import { entryBytes, memoryRecordCache } from './memoryStore';
import { systemRecordCache, type SystemRecordCache } from './recordCache';
import { redisRecordCache } from './redisStore';
import type { RecordCacheStore } from './types';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const [ALICE, BOB] = ['11010519491231002X', '510114198001010011'];
interface Rec {
  amount: number;
}

function behaves(label: string, makeStore: () => RecordCacheStore, prefix = 'rg:') {
  describe(`the system-record cache (${label})`, () => {
    let cache: SystemRecordCache;
    // Each test under its own prefix: a shared Redis keeps one test's records for the next.
    let tests = 0;
    const own = () => `${prefix}${++tests}:`;
    const make = (ttlMs = 60_000) => (cache = systemRecordCache({ store: makeStore(), ttlMs, secret: SECRET, prefix: own() }));
    afterEach(() => cache.close());

    it('serves a stored record and a stored "no such record" without a miss', async () => {
      const view = make().view<Rec>('SOCIAL_ASSISTANCE', 'assistance');
      const first = await view.lookup([ALICE, BOB]);
      expect(first.misses).toEqual([ALICE, BOB]);
      await first.store(new Map([[ALICE, { amount: 800 }], [BOB, null]]));
      const second = await view.lookup([ALICE, BOB]);
      expect(second.misses).toEqual([]);
      expect([...second.hits]).toEqual([[ALICE, { amount: 800 }], [BOB, null]]);
    });

    it('stores nothing for a key the system did not answer (an error is never cached)', async () => {
      const view = make().view<Rec>('SOCIAL_ASSISTANCE', 'assistance');
      await (await view.lookup([ALICE, BOB])).store(new Map([[ALICE, { amount: 1 }]]));
      expect((await view.lookup([ALICE, BOB])).misses).toEqual([BOB]);
    });

    it('stops serving every kind of a resident’s records in the written system, and only there', async () => {
      make();
      const views = [cache.view<Rec>('HEALTH_PLATFORM', 'vital-status'), cache.view<Rec>('HEALTH_PLATFORM', 'family-planning'), cache.view<Rec>('SOCIAL_INSURANCE', 'insurance')];
      for (const view of views) await (await view.lookup([ALICE, BOB])).store(new Map([[ALICE, { amount: 1 }], [BOB, { amount: 2 }]]));
      await cache.invalidate('HEALTH_PLATFORM', ALICE);
      const misses = await Promise.all(views.map(async (v) => (await v.lookup([ALICE, BOB])).misses));
      expect(misses).toEqual([[ALICE], [ALICE], []]);
    });

    it('stops serving every listing of a system after any write-through to it', async () => {
      make();
      const pages = cache.listing<Rec[]>('COMMUNITY_REGISTRY', 'page');
      const other = cache.listing<Rec[]>('SOCIAL_INSURANCE', 'page');
      for (const listing of [pages, other]) await (await listing.lookup(['[50,null]'])).store(new Map([['[50,null]', [{ amount: 1 }]]]));
      expect((await pages.lookup(['[50,null]'])).misses).toEqual([]);
      await cache.invalidate('COMMUNITY_REGISTRY', BOB);
      expect((await pages.lookup(['[50,null]'])).misses).toEqual(['[50,null]']);
      expect((await other.lookup(['[50,null]'])).misses).toEqual([]);
    });

    it('refuses a fill whose read started before a write-through invalidated the resident', async () => {
      const view = make().view<Rec>('ELDERLY_DISABILITY_SUBSIDY', 'subsidies');
      const before = await view.lookup([ALICE]);
      await cache.invalidate('ELDERLY_DISABILITY_SUBSIDY', ALICE);
      await before.store(new Map([[ALICE, { amount: 300 }]]));
      expect((await view.lookup([ALICE])).misses).toEqual([ALICE]);
      // A read started after the write fills as usual.
      await (await view.lookup([ALICE])).store(new Map([[ALICE, { amount: 0 }]]));
      expect((await view.lookup([ALICE])).hits.get(ALICE)).toEqual({ amount: 0 });
    });

    it('stops serving a record once its time to live has passed', async () => {
      const view = make(50).view<Rec>('COMMUNITY_REGISTRY', 'person');
      await (await view.lookup([ALICE])).store(new Map([[ALICE, { amount: 1 }]]));
      // Waits on the condition (no fixed sleep): the record expires after 50 ms, however loaded the machine.
      while ((await view.lookup([ALICE])).misses.length === 0) await new Promise((r) => setTimeout(r, 10));
    });

    it('counts hits, misses, negatives and invalidations per system', async () => {
      const metrics = createMetricsRegistry('test');
      cache = systemRecordCache({ store: makeStore(), ttlMs: 60_000, secret: SECRET, prefix: own(), metrics });
      const view = cache.view<Rec>('SOCIAL_INSURANCE', 'insurance');
      await (await view.lookup([ALICE, BOB])).store(new Map([[ALICE, { amount: 1 }], [BOB, null]]));
      await view.lookup([ALICE, BOB]);
      await cache.invalidate('SOCIAL_INSURANCE', ALICE);
      const text = await metrics.metrics();
      for (const [result, n] of [['miss', 2], ['hit', 1], ['negative', 1]] as const) expect(text).toContain(`system_cache_reads_total{system="SOCIAL_INSURANCE",result="${result}",service="test"} ${n}`);
      expect(text).toContain('system_cache_invalidations_total{system="SOCIAL_INSURANCE",result="ok",service="test"} 1');
    });
  });
}

behaves('memory', () => memoryRecordCache(1000));

describe('the in-memory cache’s bounds', () => {
  it('drops the least recently used record beyond its size', async () => {
    const cache = systemRecordCache({ store: memoryRecordCache(2), ttlMs: 60_000, secret: SECRET });
    const view = cache.view<Rec>('SOCIAL_ASSISTANCE', 'assistance');
    const third = '510114198001010038';
    for (const id of [ALICE, BOB]) await (await view.lookup([id])).store(new Map([[id, { amount: 1 }]]));
    await view.lookup([ALICE]); // ALICE used last: BOB goes first
    await (await view.lookup([third])).store(new Map([[third, { amount: 1 }]]));
    expect((await view.lookup([ALICE, BOB, third])).misses).toEqual([BOB]);
  });

  const fillOf = (name: string, payload: string) => ({ valueKey: `v:${name}`, generationKey: `g:${name}`, generation: '0', payload });
  const cachedOf = async (store: ReturnType<typeof memoryRecordCache>, names: string[]) =>
    (await store.read(names.map((n) => fillOf(n, '')))).map((r, i) => (r.payload === null ? null : names[i]));

  it('drops the least recently used records beyond its byte budget', async () => {
    const store = memoryRecordCache({ maxEntries: 1000, maxBytes: 2 * entryBytes('v:a', { generation: '0', payload: 'record' }) });
    await store.fill([fillOf('a', 'record'), fillOf('b', 'record')], 60_000);
    await store.read([fillOf('a', '')]); // a used last: b goes first
    await store.fill([fillOf('c', 'record')], 60_000);
    expect(await cachedOf(store, ['a', 'b', 'c'])).toEqual(['a', null, 'c']);
  });

  it('keeps no record larger than its whole byte budget, and keeps the others', async () => {
    const store = memoryRecordCache({ maxEntries: 1000, maxBytes: 1024 });
    await store.fill([fillOf('a', 'record'), fillOf('b', 'x'.repeat(2048))], 60_000);
    expect(await cachedOf(store, ['a', 'b'])).toEqual(['a', null]);
  });

  it('still refuses a stale fill after the invalidation it missed was evicted', async () => {
    const cache = systemRecordCache({ store: memoryRecordCache(1), ttlMs: 60_000, secret: SECRET });
    const view = cache.view<Rec>('SOCIAL_ASSISTANCE', 'assistance');
    const before = await view.lookup([ALICE]);
    await cache.invalidate('SOCIAL_ASSISTANCE', ALICE);
    await cache.invalidate('SOCIAL_ASSISTANCE', BOB); // evicts ALICE's generation
    await before.store(new Map([[ALICE, { amount: 300 }]]));
    expect((await view.lookup([ALICE])).misses).toEqual([ALICE]);
  });
});

withRedis('the system-record cache in Redis', (redisUrl) => {
  const prefix = `test:cache:${process.pid}:`;
  afterAll(() => deleteRedisKeys(redisUrl, prefix));
  behaves('Redis', () => redisRecordCache(redisUrl), prefix);

  it('keeps no ID number in clear in any key', async () => {
    const cache = systemRecordCache({ store: redisRecordCache(redisUrl), ttlMs: 60_000, secret: SECRET, prefix });
    const view = cache.view<Rec>('SOCIAL_ASSISTANCE', 'assistance');
    await (await view.lookup([ALICE, BOB])).store(new Map([[ALICE, { amount: 1 }], [BOB, null]]));
    await cache.invalidate('SOCIAL_ASSISTANCE', ALICE);
    await cache.close();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}*`);
    await redis.quit();
    expect(keys.length).toBeGreaterThanOrEqual(3);
    // Neither a whole number nor its telling parts (region code, birth date).
    for (const key of keys) for (const id of [ALICE, BOB]) for (const part of [id, id.slice(0, 6), id.slice(6, 14)]) expect(key).not.toContain(part);
  });

  it('fails an invalidation with CACHE_INVALIDATION_FAILED when Redis cannot be reached', async () => {
    const cache = systemRecordCache({ store: redisRecordCache('redis://127.0.0.1:1'), ttlMs: 60_000, secret: SECRET, prefix });
    const failure = await cache.invalidate('SOCIAL_ASSISTANCE', ALICE).catch((err: Error) => err);
    expect(failure).toMatchObject({ code: 'CACHE_INVALIDATION_FAILED', message: expect.stringContaining('SOCIAL_ASSISTANCE') });
    expect((failure as Error).message).not.toContain(ALICE);
    await cache.close();
  });
});
