/**
 * DataLoader factories every subgraph uses, so each department's loaders are one line.
 * Make them per request (in the subgraph's context), never per process: a per-request cache
 * cannot serve stale benefit status after a write.
 */
import DataLoader from 'dataloader';
import { mapWithConcurrency } from './concurrency';

/**
 * For systems with a batch lookup: `fetchMany` reads up to `maxBatchSize` keys in one call and
 * returns what it found; a key it did not return resolves to null (not enrolled). If the call
 * fails, every key of the batch gets the error, and nothing is cached.
 */
export function batchLoader<V>(fetchMany: (keys: readonly string[]) => Promise<Map<string, V>>, maxBatchSize: number): DataLoader<string, V | null> {
  return new DataLoader<string, V | null>(
    async (keys) => {
      try {
        const found = await fetchMany(keys);
        return keys.map((k) => found.get(k) ?? null);
      } catch (err) {
        return keys.map(() => (err instanceof Error ? err : new Error(String(err))));
      }
    },
    { maxBatchSize, cacheMap: new Map() },
  );
}

/**
 * For systems that take one record per call: the batch is read with at most `concurrency`
 * calls in flight, each key getting its own value or error.
 */
export function oneByOneLoader<V>(fetchOne: (key: string) => Promise<V | null>, concurrency: number): DataLoader<string, V | null> {
  return new DataLoader<string, V | null>((keys) => mapWithConcurrency(keys, concurrency, fetchOne), { cacheMap: new Map() });
}
