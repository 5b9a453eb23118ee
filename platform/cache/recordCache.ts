/**
 * The system-record cache of one department: below the loaders, so every read it answers has
 * already passed the permission check and is audited like a read from the system (those layers
 * sit above the loaders and never know where a record came from).
 *
 * A lookup answers what is cached (a record, or a system's definitive "no such record") and
 * leaves the misses to the loader, which asks the system for all of them at once and stores the
 * answers; an error or a timeout is never stored. A write-through bumps the resident's
 * generation in that system before its delivery counts as DELIVERED, and a fill whose generation
 * changed since its lookup is refused: a read that started before a write never stores the old
 * record after it.
 */
import { Counter } from 'prom-client';
import type { SystemName } from '../../domain/systems';
import { family, type Registry } from '../metrics/registry';
import { CacheInvalidationError } from './errors';
import { cacheKeys } from './keys';
import type { EntryKeys, RecordCacheStore } from './types';

/** What the cache holds for the keys of one batch, and how the loader stores the system's answers for the rest. */
export interface CacheLookup<V> {
  /** Cached answers: a record, or null for a system's definitive "no such record". */
  hits: Map<string, V | null>;
  /** Keys the system must be asked for, in the batch's order. */
  misses: string[];
  /** Stores the system's answers for the misses (a key it did not return: null, not enrolled). Never throws: a failed fill only costs a later miss. */
  store(found: ReadonlyMap<string, V | null>): Promise<void>;
}

/** One kind of record of one system, as a loader sees the cache. */
export interface RecordCacheView<V> {
  lookup(ids: readonly string[]): Promise<CacheLookup<V>>;
}

/** What a department's loaders get: a view per system and kind of record. */
export interface RecordCaches {
  view<V>(system: SystemName, kind: string): RecordCacheView<V>;
  /** Listings (pages, exports) keyed by their parameters: any write-through to the system stops serving all of them. */
  listing<V>(system: SystemName, kind: string): RecordCacheView<V>;
}

export interface SystemRecordCache extends RecordCaches {
  /** Stops serving every cached record of `idNumber` in `system`, and every listing of `system`; throws {@link CacheInvalidationError} when it could not. */
  invalidate(system: SystemName, idNumber: string): Promise<void>;
  close(): Promise<void>;
}

/** Every key a miss, nothing stored: SYSTEM_CACHE=off, and reconciliation, which must compare the systems themselves. */
/** A view that holds nothing: every key a miss, nothing stored. */
export const uncachedView = <V>(): RecordCacheView<V> => ({ lookup: async (ids) => ({ hits: new Map<string, V | null>(), misses: [...ids], store: async () => {} }) });
export const NO_CACHE: RecordCaches = { view: uncachedView, listing: uncachedView };

export interface SystemRecordCacheOptions {
  store: RecordCacheStore;
  /** How long a record is served, in ms (SYSTEM_CACHE_TTL_MS). */
  ttlMs: number;
  /** The internal secret the key-hashing key is derived from (GATEWAY_SUBGRAPH_SECRET). */
  secret: string;
  /** Prefix of every key in a shared store (REDIS_PREFIX). @default 'rg:' */
  prefix?: string;
  metrics?: Registry;
}

export function systemRecordCache(options: SystemRecordCacheOptions): SystemRecordCache {
  const { store, ttlMs } = options;
  const keys = cacheKeys(options.secret, options.prefix ?? 'rg:');
  const counters = options.metrics ? cacheCounters(options.metrics) : undefined;

  function view<V>(system: SystemName, entryOf: (id: string) => EntryKeys): RecordCacheView<V> {
    const count = (result: 'hit' | 'miss' | 'negative', n: number) => n > 0 && counters?.reads.inc({ system, result }, n);
    return {
      async lookup(ids) {
        const entries = ids.map(entryOf);
        const stored = await store.read(entries).catch(() => {
          // An unreachable cache is a miss for every key, and nothing is filled (no generation to fill under).
          counters?.errors.inc({ system, operation: 'read' });
          return undefined;
        });
        const hits = new Map<string, V | null>();
        const misses: string[] = [];
        ids.forEach((id, i) => {
          const value = decode<V>(stored?.[i].payload);
          if (value === undefined) misses.push(id);
          else hits.set(id, value);
        });
        const negatives = [...hits.values()].filter((v) => v === null).length;
        count('hit', hits.size - negatives);
        count('negative', negatives);
        count('miss', misses.length);
        const generationOf = new Map(ids.map((id, i) => [id, { entry: entries[i], generation: stored?.[i].generation }]));
        return {
          hits,
          misses,
          async store(found) {
            if (!stored) return;
            const fills = misses
              .filter((id) => found.has(id))
              .map((id) => {
                const { entry, generation } = generationOf.get(id)!;
                return { ...entry, generation: generation!, payload: JSON.stringify(found.get(id) ?? null) };
              });
            await store.fill(fills, ttlMs).catch(() => counters?.errors.inc({ system, operation: 'fill' }));
          },
        };
      },
    };
  }

  return {
    view: (system, kind) => view(system, (id) => keys.entry(system, kind, id)),
    listing: (system, kind) => view(system, (params) => keys.listing(system, kind, params)),
    async invalidate(system, idNumber) {
      try {
        await store.invalidate(keys.generation(system, idNumber));
        await store.invalidate(keys.listings(system));
        counters?.invalidations.inc({ system, result: 'ok' });
      } catch (err) {
        counters?.invalidations.inc({ system, result: 'failed' });
        throw new CacheInvalidationError(system, err);
      }
    },
    close: () => store.close(),
  };
}

/** A stored payload's record (null: a cached "no such record"); undefined for none, or one that does not parse (written by another version: read the system). */
function decode<V>(payload: string | null | undefined): V | null | undefined {
  if (payload == null) return undefined;
  try {
    return JSON.parse(payload) as V | null;
  } catch {
    return undefined;
  }
}

function cacheCounters(registry: Registry) {
  return {
    reads: family(registry, 'system_cache_reads_total', () => new Counter({ name: 'system_cache_reads_total', help: 'Records looked up in the system-record cache, by system and result (hit, miss, negative: a cached "no such record").', labelNames: ['system', 'result'], registers: [registry] })),
    invalidations: family(registry, 'system_cache_invalidations_total', () => new Counter({ name: 'system_cache_invalidations_total', help: "Residents' cached records invalidated by a write-through, by system and result (ok, failed).", labelNames: ['system', 'result'], registers: [registry] })),
    errors: family(registry, 'system_cache_errors_total', () => new Counter({ name: 'system_cache_errors_total', help: 'System-record cache operations that failed (read: served from the system instead; fill: not cached), by system and operation.', labelNames: ['system', 'operation'], registers: [registry] })),
  };
}
