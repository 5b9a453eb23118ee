/**
 * The token buckets in Redis, so every gateway replica draws on the same budget per caller. One
 * Lua script reads, refills and takes atomically, on Redis's own clock (replicas' clocks may
 * differ). A bucket key expires once it would be full again.
 */
import type Redis from 'ioredis';
import { closeRedis, openRedis } from '../../platform/stores/redis';
import { waitFor, type BucketLimits, type RateLimiter } from './tokenBucket';

/**
 * KEYS[1]: the bucket (hash: tokens, at). ARGV: capacity, refill per minute, cost.
 * Returns {allowed (1|0), tokens after (as a string: Lua numbers lose fractions in replies)}.
 */
const TAKE = `
local capacity, perMinute, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or capacity)
local at = tonumber(redis.call('HGET', KEYS[1], 'at') or now)
tokens = math.min(capacity, tokens + (now - at) * perMinute / 60000)
local allowed = 0
if tokens >= cost then tokens = tokens - cost; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) * 60000 / perMinute) + 1000)
return {allowed, tostring(tokens)}
`;

interface BucketRedis extends Redis {
  takeTokens(key: string, capacity: number, perMinute: number, cost: number): Promise<[number, string]>;
}

export interface RedisBucketOptions {
  /** Key prefix (REDIS_PREFIX). @default "rg:" */
  prefix?: string;
}

export function redisTokenBuckets(redisUrl: string, limits: BucketLimits, options: RedisBucketOptions = {}): RateLimiter {
  const prefix = `${options.prefix ?? 'rg:'}ratelimit:`;
  // Fail fast, sooner than the stores: a rate limiter that hangs would hang every request.
  const redis = openRedis(redisUrl, { commandTimeout: 1000 }) as BucketRedis;
  redis.defineCommand('takeTokens', { numberOfKeys: 1, lua: TAKE });
  return {
    async take(key, cost) {
      const [allowed, tokens] = await redis.takeTokens(prefix + key, limits.capacity, limits.refillPerMinute, cost);
      const left = Number(tokens);
      return allowed === 1 ? { allowed: true, remaining: Math.floor(left) } : { allowed: false, remaining: Math.floor(left), retryAfterMs: waitFor(left, cost, limits) };
    },
    close: () => closeRedis(redis),
  };
}
