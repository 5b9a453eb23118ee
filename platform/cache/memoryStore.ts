/**
 * The cache in process memory: a bounded LRU of values and a bounded LRU of generations.
 *
 * A generation is a number from one counter, bumped per resident and system by each
 * write-through. When the generations' LRU evicts one, `floor` rises to it and every resident
 * without a remembered generation takes the floor as theirs: generations never go back, so a
 * value or a fill from before a write can never match again (at worst an eviction empties more of
 * the cache than it had to).
 */
import type { EntryKeys, Fill, RecordCacheStore, StoredRead } from './types';

interface Entry {
  generation: string;
  payload: string;
  expiresAt: number;
}

export function memoryRecordCache(maxEntries: number): RecordCacheStore {
  const values = new Map<string, Entry>();
  const generations = new Map<string, number>();
  let counter = 0;
  let floor = 0;

  const generationOf = (key: string) => String(generations.get(key) ?? floor);

  return {
    async read(entries: readonly EntryKeys[]): Promise<StoredRead[]> {
      const now = Date.now();
      return entries.map(({ valueKey, generationKey }) => {
        const generation = generationOf(generationKey);
        const entry = values.get(valueKey);
        if (!entry || entry.expiresAt <= now || entry.generation !== generation) return { payload: null, generation };
        // Map keeps insertion order: re-inserting marks the entry most recently used.
        values.delete(valueKey);
        values.set(valueKey, entry);
        return { payload: entry.payload, generation };
      });
    },
    async fill(fills: readonly Fill[], ttlMs: number): Promise<void> {
      const expiresAt = Date.now() + ttlMs;
      for (const { valueKey, generationKey, generation, payload } of fills) {
        if (generationOf(generationKey) !== generation) continue;
        values.delete(valueKey);
        values.set(valueKey, { generation, payload, expiresAt });
        evictOldest(values, maxEntries);
      }
    },
    async invalidate(generationKey: string): Promise<void> {
      counter = Math.max(counter, floor) + 1;
      generations.delete(generationKey);
      generations.set(generationKey, counter);
      const evicted = evictOldest(generations, maxEntries);
      if (evicted !== undefined) floor = Math.max(floor, evicted);
    },
    async close(): Promise<void> {
      values.clear();
      generations.clear();
    },
  };
}

/** Drops the least recently used entry of a map over `max` entries; returns its value. */
function evictOldest<V>(map: Map<string, V>, max: number): V | undefined {
  if (map.size <= max) return undefined;
  const [key, value] = map.entries().next().value as [string, V];
  map.delete(key);
  return value;
}
