/** The loaders read the system-record cache first and ask the system for the misses only, still batched. */
import { batchLoader, oneByOneLoader } from '../loaders';
import { memoryRecordCache } from './memoryStore';
import { systemRecordCache } from './recordCache';

const cacheOf = () => systemRecordCache({ store: memoryRecordCache(100), ttlMs: 60_000, secret: 'a-test-secret-of-at-least-32-characters!' });

describe('loaders over the system-record cache', () => {
  it('a batch-capable system gets one call for all the misses of a batch, none for what is cached', async () => {
    const view = cacheOf().view<string>('SOCIAL_ASSISTANCE', 'assistance');
    const calls: string[][] = [];
    const system = async (keys: readonly string[]) => {
      calls.push([...keys]);
      return new Map(keys.filter((k) => k !== 'absent').map((k) => [k, k.toUpperCase()]));
    };
    // One loader per request, as in a subgraph: the second request finds the first one's records cached.
    await Promise.all(['a', 'absent'].map((k) => batchLoader(system, 100, view).load(k)));
    calls.length = 0;
    const second = batchLoader(system, 100, view);
    const out = await Promise.all(['a', 'b', 'absent', 'c'].map((k) => second.load(k)));
    expect(out).toEqual(['A', 'B', null, 'C']);
    expect(calls).toEqual([['b', 'c']]);
  });

  it('a warm batch makes no system call at all', async () => {
    const view = cacheOf().view<string>('SOCIAL_ASSISTANCE', 'assistance');
    let calls = 0;
    const system = async (keys: readonly string[]) => {
      calls++;
      return new Map(keys.map((k) => [k, k]));
    };
    await batchLoader(system, 100, view).loadMany(['a', 'b']);
    await batchLoader(system, 100, view).loadMany(['a', 'b']);
    expect(calls).toBe(1);
  });

  it('a one-record-per-call system is asked for the misses only, and a failed call is not cached', async () => {
    const view = cacheOf().view<string>('ELDERLY_DISABILITY_SUBSIDY', 'subsidies');
    const asked: string[] = [];
    let failing = true;
    const system = async (key: string) => {
      asked.push(key);
      if (key === 'flaky' && failing) throw new Error('timeout');
      return key === 'none' ? null : key.toUpperCase();
    };
    const first = await batchOf(oneByOneLoader(system, 2, view), ['a', 'none', 'flaky']);
    expect(first).toEqual(['A', null, 'Error']);
    asked.length = 0;
    failing = false;
    expect(await batchOf(oneByOneLoader(system, 2, view), ['a', 'none', 'flaky'])).toEqual(['A', null, 'FLAKY']);
    expect(asked).toEqual(['flaky']);
  });
});

async function batchOf(loader: { loadMany(keys: string[]): Promise<Array<string | null | Error>> }, keys: string[]) {
  return (await loader.loadMany(keys)).map((v) => (v instanceof Error ? 'Error' : v));
}
