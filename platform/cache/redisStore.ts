/**
 * The cache shared through the platform's Redis: replicas of a subgraph share fills and see each
 * other's invalidations. A value is stored as `<generation>|<payload>` and served only while the
 * resident's generation key still holds that generation; a fill is a script that stores only if
 * the generation is still the one read before the system was asked (atomic, so a write-through
 * landing in between always wins).
 */
import type Redis from 'ioredis';
import { closeRedis, openRedis } from '../stores/redis';
import type { EntryKeys, Fill, RecordCacheStore, StoredRead } from './types';

/**
 * A generation key outlives every value filled under it (TTL at most 5 min) plus any read in
 * flight: if it expired sooner, its generation would fall back to 0 and revive older values.
 */
const GENERATION_LIFETIME_MS = 15 * 60_000;

// KEYS: value, generation, value, generation...; ARGV: ttl, then generation, payload per entry.
const FILL = `
for i = 1, #KEYS, 2 do
  local current = redis.call('GET', KEYS[i + 1]) or '0'
  if current == ARGV[i + 1] then
    redis.call('SET', KEYS[i], ARGV[i + 1] .. '|' .. ARGV[i + 2], 'PX', ARGV[1])
  end
end
return 0`;

export function redisRecordCache(redisUrl: string): RecordCacheStore {
  const redis: Redis = openRedis(redisUrl);
  return {
    async read(entries: readonly EntryKeys[]): Promise<StoredRead[]> {
      if (entries.length === 0) return [];
      const replies = await redis.mget(...entries.flatMap((e) => [e.valueKey, e.generationKey]));
      return entries.map((_, i) => {
        const stored = replies[2 * i];
        const generation = replies[2 * i + 1] ?? '0';
        const prefix = `${generation}|`;
        return { payload: stored?.startsWith(prefix) ? stored.slice(prefix.length) : null, generation };
      });
    },
    async fill(fills: readonly Fill[], ttlMs: number): Promise<void> {
      if (fills.length === 0) return;
      const keys = fills.flatMap((f) => [f.valueKey, f.generationKey]);
      await redis.eval(FILL, keys.length, ...keys, String(ttlMs), ...fills.flatMap((f) => [f.generation, f.payload]));
    },
    async invalidate(generationKey: string): Promise<void> {
      const replies = await redis.multi().incr(generationKey).pexpire(generationKey, GENERATION_LIFETIME_MS).exec();
      // A transaction's failed command is reported in its reply, not thrown.
      const failed = replies?.find(([err]) => err)?.[0];
      if (!replies || failed) throw failed ?? new Error('the Redis transaction was discarded');
    },
    close: () => closeRedis(redis),
  };
}
