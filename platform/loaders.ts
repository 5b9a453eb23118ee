/**
 * DataLoader factories every subgraph uses, so each department's loaders are one line.
 * Make them per request (in the subgraph's context), never per process: a per-request cache
 * cannot serve stale benefit status after a write.
 *
 * A failed key is never kept: DataLoader caches the rejected promise like a value, so a second
 * load of the same key in the same request would get the old error without asking the system
 * again (a blip would fail every later field of that resident). Each failed key is cleared from
 * the cache as its batch fails, and the next load tries again.
 *
 * Below the per-request cache sits the system-record cache (platform/cache), when a view is
 * given: a batch reads it first and asks the system only for the misses, all of them in one call
 * (or one by one, bounded) as before; what the system answers is stored, its errors never.
 */
import DataLoader from 'dataloader';
import { uncachedView, type RecordCacheView } from './cache/recordCache';
import { settleWithConcurrency } from './concurrency';

/**
 * For systems with a batch lookup: `fetchMany` reads up to `maxBatchSize` keys in one call and
 * returns what it found; a key it did not return resolves to null (not enrolled). If the call
 * fails, every key of the batch gets the error, and none of them stays cached.
 */
export function batchLoader<V>(
  fetchMany: (keys: readonly string[]) => Promise<Map<string, V>>,
  maxBatchSize: number,
  cache: RecordCacheView<V> = uncachedView<V>(),
): DataLoader<string, V | null> {
  const loader: DataLoader<string, V | null> = new DataLoader<string, V | null>(
    async (keys) => {
      try {
        const { hits, misses, store } = await cache.lookup(keys);
        const found = misses.length > 0 ? await fetchMany(misses) : new Map<string, V>();
        // A miss the system did not return is a definitive "not enrolled": cached as such.
        await store(new Map(misses.map((k) => [k, found.get(k) ?? null])));
        return keys.map((k) => (hits.has(k) ? hits.get(k)! : (found.get(k) ?? null)));
      } catch (err) {
        for (const k of keys) loader.clear(k);
        return keys.map(() => asError(err));
      }
    },
    { maxBatchSize, cacheMap: new Map() },
  );
  return loader;
}

/**
 * For systems that take one record per call: the batch is read with at most `concurrency`
 * calls in flight, each key getting its own value or error; a failed key does not stay cached.
 */
export function oneByOneLoader<V>(
  fetchOne: (key: string) => Promise<V | null>,
  concurrency: number,
  cache: RecordCacheView<V> = uncachedView<V>(),
): DataLoader<string, V | null> {
  const loader: DataLoader<string, V | null> = new DataLoader<string, V | null>(
    async (keys) => {
      const { hits, misses, store } = await cache.lookup(keys);
      const settled = await settleWithConcurrency(misses, concurrency, fetchOne);
      const answered = new Map<string, V | null>();
      const failed = new Map<string, Error>();
      settled.forEach((s, i) => {
        if (s.status === 'fulfilled') answered.set(misses[i], s.value);
        else failed.set(misses[i], asError(s.reason));
      });
      await store(answered);
      return keys.map((k) => {
        if (hits.has(k)) return hits.get(k)!;
        const error = failed.get(k);
        if (!error) return answered.get(k) ?? null;
        loader.clear(k);
        return error;
      });
    },
    { cacheMap: new Map() },
  );
  return loader;
}

/** DataLoader fails a key only for an Error instance; anything else thrown would become that key's value. */
function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
