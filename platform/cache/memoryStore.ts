/**
 * The cache in process memory: a bounded LRU of values and a bounded LRU of generations.
 *
 * A generation is a number from one counter, bumped per resident and system by each
 * write-through. When the generations' LRU evicts one, `floor` rises to it and every resident
 * without a remembered generation takes the floor as theirs: generations never go back, so a
 * value or a fill from before a write can never match again (at worst an eviction empties more of
 * the cache than it had to).
 *
 * Values are bounded in bytes as well as in entries: the services run with a fixed old-space
 * limit (scripts/nodeFlags.ts), and records differ in size (a FHIR bundle or a listing page is
 * many times a benefit record), so only a byte budget keeps the cache's share of the heap known.
 */
import type { EntryKeys, Fill, RecordCacheStore, StoredRead } from './types';

interface Entry {
  generation: string;
  payload: string;
  expiresAt: number;
  bytes: number;
}

export interface MemoryCacheLimits {
  /** Most values (and most remembered generations) kept. */
  maxEntries: number;
  /** Most bytes of values kept, as {@link entryBytes} counts them. @default no byte limit */
  maxBytes?: number;
}

/**
 * What one value costs the heap, about: its strings at two bytes a character (a payload with a
 * Chinese name is a two-byte string in V8) plus the entry object and its Map slot.
 */
const ENTRY_OVERHEAD_BYTES = 128;
export const entryBytes = (valueKey: string, entry: Pick<Entry, 'generation' | 'payload'>): number =>
  2 * (valueKey.length + entry.generation.length + entry.payload.length) + ENTRY_OVERHEAD_BYTES;

export function memoryRecordCache(limits: number | MemoryCacheLimits): RecordCacheStore {
  const { maxEntries, maxBytes = Infinity } = typeof limits === 'number' ? { maxEntries: limits } : limits;
  const values = new Map<string, Entry>();
  const generations = new Map<string, number>();
  let counter = 0;
  let floor = 0;
  let bytes = 0;

  const generationOf = (key: string) => String(generations.get(key) ?? floor);
  const dropValue = (key: string) => {
    const entry = values.get(key);
    if (!entry) return;
    values.delete(key);
    bytes -= entry.bytes;
  };

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
        const entry = { generation, payload, expiresAt, bytes: entryBytes(valueKey, { generation, payload }) };
        // A value larger than the whole budget is not kept: it would empty the cache for itself.
        if (entry.bytes > maxBytes) continue;
        dropValue(valueKey);
        values.set(valueKey, entry);
        bytes += entry.bytes;
        while (values.size > maxEntries || bytes > maxBytes) dropValue(values.keys().next().value as string);
      }
    },
    async invalidate(generationKey: string): Promise<void> {
      counter = Math.max(counter, floor) + 1;
      generations.delete(generationKey);
      generations.set(generationKey, counter);
      if (generations.size <= maxEntries) return;
      const [oldest, evicted] = generations.entries().next().value as [string, number];
      generations.delete(oldest);
      floor = Math.max(floor, evicted);
    },
    async close(): Promise<void> {
      values.clear();
      generations.clear();
      bytes = 0;
    },
  };
}
