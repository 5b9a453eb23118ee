/**
 * The per-caller budgets in Redis (rate-limiter-flexible's RateLimiterRedis on ioredis), so every
 * gateway replica draws on the same budget per caller; the library counts atomically in one Lua
 * script on Redis's side and lets each key expire with its window. When Redis cannot be reached
 * (a command fails after one reconnection attempt) this gateway's own in-memory budgets apply instead (the library's
 * insurance limiter): the limit holds per replica rather than not at all.
 */
import { RateLimiterMemory, RateLimiterRedis, type IRateLimiterOptions } from 'rate-limiter-flexible';
import { closeRedis, openRedis } from '../../platform/stores/redis';
import { budgetsOn, windowOf, type BucketLimits, type RateLimiter } from './tokenBucket';

export interface RedisBucketOptions {
  /** Key prefix (REDIS_PREFIX). @default "rg:" */
  prefix?: string;
  /** Told when a budget is taken from this gateway's own memory because Redis failed (for a warning), at most once per `noticeEveryMs`. */
  onFallback?: () => void;
  /** @default 10000 */
  noticeEveryMs?: number;
}

/** The insurance limiter, telling its use (the library does not): operators must see that the limit holds per replica only. */
class NoticedInsurance extends RateLimiterMemory {
  private lastNotice = -Infinity;

  constructor(
    options: IRateLimiterOptions,
    private readonly notice: () => void,
    private readonly everyMs: number,
  ) {
    super(options);
  }

  override consume(...args: Parameters<RateLimiterMemory['consume']>): ReturnType<RateLimiterMemory['consume']> {
    if (Date.now() - this.lastNotice >= this.everyMs) {
      this.lastNotice = Date.now();
      this.notice();
    }
    return super.consume(...args);
  }
}

export function redisTokenBuckets(redisUrl: string, limits: BucketLimits, options: RedisBucketOptions = {}): RateLimiter {
  // Fail fast, sooner than the stores: a rate limiter that hangs would hang every request.
  const redis = openRedis(redisUrl, { commandTimeout: 1000 });
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    ...windowOf(limits),
    keyPrefix: `${options.prefix ?? 'rg:'}ratelimit`,
    insuranceLimiter: new NoticedInsurance({ ...windowOf(limits), keyPrefix: 'budget-insurance' }, options.onFallback ?? (() => {}), options.noticeEveryMs ?? 10_000),
  });
  return budgetsOn(limiter, limits, () => closeRedis(redis));
}
