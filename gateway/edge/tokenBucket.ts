/**
 * Token buckets, one per caller: `capacity` units at most, refilled continuously at
 * `refillPerMinute`. A request takes its cost in units or is refused with the time until the
 * bucket holds enough. In memory (one gateway) here; redisTokenBucket.ts shares them between
 * replicas.
 */
export interface BucketLimits {
  /** Most units a caller can spend at once (burst). */
  capacity: number;
  /** Units given back per minute. */
  refillPerMinute: number;
}

export type TakeResult = { allowed: true; remaining: number } | { allowed: false; remaining: number; retryAfterMs: number };

export interface RateLimiter {
  /** Takes `cost` units from `key`'s bucket, or none when it holds fewer. */
  take(key: string, cost: number): Promise<TakeResult>;
  close(): Promise<void>;
}

/** When the bucket will hold `cost` units (cost above capacity: when it is full again). */
export function waitFor(tokens: number, cost: number, limits: BucketLimits): number {
  const missing = Math.min(cost, limits.capacity) - tokens;
  return Math.max(1, Math.ceil((missing * 60_000) / limits.refillPerMinute));
}

// Buckets of callers who stayed away long enough to be full again are dropped beyond this many.
const PRUNE_ABOVE = 10_000;

export function memoryTokenBuckets(limits: BucketLimits, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const level = (b: { tokens: number; at: number }, t: number) => Math.min(limits.capacity, b.tokens + ((t - b.at) * limits.refillPerMinute) / 60_000);
  return {
    async take(key, cost) {
      const t = now();
      if (buckets.size > PRUNE_ABOVE) for (const [k, b] of buckets) if (level(b, t) >= limits.capacity) buckets.delete(k);
      const bucket = buckets.get(key) ?? { tokens: limits.capacity, at: t };
      const tokens = level(bucket, t);
      if (tokens >= cost) {
        buckets.set(key, { tokens: tokens - cost, at: t });
        return { allowed: true, remaining: Math.floor(tokens - cost) };
      }
      buckets.set(key, { tokens, at: t });
      return { allowed: false, remaining: Math.floor(tokens), retryAfterMs: waitFor(tokens, cost, limits) };
    },
    async close() {},
  };
}
