/**
 * The per-caller budgets in Redis (rate-limiter-flexible's RateLimiterRedis on ioredis), so every
 * gateway replica draws on the same budget per caller; the library counts atomically in one Lua
 * script on Redis's side and lets each key expire with its window. When Redis cannot be reached
 * (a command fails after one reconnection attempt) this gateway's own in-memory budgets apply instead (the library's
 * insurance limiter): the limit holds per replica rather than not at all.
 */
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { closeRedis, openRedis } from '../../platform/stores/redis';
import { budgetsOn, memoryLimiter, windowOf, type BucketLimits, type RateLimiter } from './tokenBucket';

export interface RedisBucketOptions {
  /** Key prefix (REDIS_PREFIX). @default "rg:" */
  prefix?: string;
}

export function redisTokenBuckets(redisUrl: string, limits: BucketLimits, options: RedisBucketOptions = {}): RateLimiter {
  // Fail fast, sooner than the stores: a rate limiter that hangs would hang every request.
  const redis = openRedis(redisUrl, { commandTimeout: 1000 });
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    ...windowOf(limits),
    keyPrefix: `${options.prefix ?? 'rg:'}ratelimit`,
    insuranceLimiter: memoryLimiter(limits, 'budget-insurance'),
  });
  return budgetsOn(limiter, limits, () => closeRedis(redis));
}
