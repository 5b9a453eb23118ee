/**
 * Opens and closes a Redis connection the way every store here needs it: fail fast when Redis is
 * unreachable instead of queueing for ever (a read waiting on its audit record, a request waiting
 * on its rate limit, a report waiting on its intake must not hang), and keep reconnecting in the
 * background so a store recovers on its own once Redis is back.
 */
import type Redis from 'ioredis';
import type { RedisOptions } from 'ioredis';

const FAIL_FAST: RedisOptions = {
  // A command waits for at most one reconnection before it is rejected (the default, 20, waits ~10 s).
  maxRetriesPerRequest: 1,
  // A host that does not answer counts as down after 1 s (the default is 10 s).
  connectTimeout: 1000,
  // A connected Redis that stops answering fails the command after 3 s; an idempotent caller retries.
  commandTimeout: 3000,
  // Reconnect in the background, at most every 2 s.
  retryStrategy: (times) => Math.min(times * 100, 2000),
  // On close, a socket that does not end by itself is destroyed after 0.1 s. ioredis waits this
  // long even for a socket that was already refused, keeping the process alive for nothing.
  disconnectTimeout: 100,
};

/** A connection to `redisUrl` with the fail-fast settings (`overrides` win). */
export function openRedis(redisUrl: string, overrides: RedisOptions = {}): Redis {
  // Loaded on first use: on embedded defaults (no REDIS_URL) no process pays the client's ~15 MB.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: RedisClient } = require('ioredis') as typeof import('ioredis');
  const redis = new RedisClient(redisUrl, { ...FAIL_FAST, ...overrides });
  // Connection errors surface on the commands, as each store's own error; the event only needs a listener.
  redis.on('error', () => {});
  return redis;
}

/** QUIT lets pending replies arrive; a client that is not connected is simply dropped. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
