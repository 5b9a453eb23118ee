/**
 * Per-caller budgets on rate-limiter-flexible: in memory (one gateway) here, in Redis (shared
 * by the replicas) in redisTokenBucket.ts.
 *
 * The operator's settings name a token bucket: `capacity` units at most (the burst), given back
 * at `refillPerMinute`. rate-limiter-flexible counts points in fixed windows, so they map to
 *   points   = capacity
 *   duration = capacity / refillPerMinute minutes, in whole seconds (at least 1)
 * the time an empty bucket takes to fill. The burst and the long-run rate are the bucket's; what
 * differs is that the budget comes back whole at the end of the window rather than a unit at a
 * time, so a refused caller waits for the window's end (Retry-After says when), and across a
 * window's end a caller may spend up to twice the capacity in a short time.
 *
 * A request takes its cost in points or none: rate-limiter-flexible counts a refused request's
 * points too, and they are given back at once (a caller who asks too much at once keeps the
 * budget it had). A cost above the capacity is refused without spending anything.
 */
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface BucketLimits {
  /** Most units a caller can spend at once (burst). */
  capacity: number;
  /** Units given back per minute (on average: the whole capacity at the end of each window). */
  refillPerMinute: number;
}

export type TakeResult = { allowed: true; remaining: number } | { allowed: false; remaining: number; retryAfterMs: number };

export interface RateLimiter {
  /** Takes `cost` units from `key`'s budget, or none when it holds fewer. */
  take(key: string, cost: number): Promise<TakeResult>;
  close(): Promise<void>;
}

/** rate-limiter-flexible's points and duration (seconds) for the bucket settings (see the module comment). */
export function windowOf(limits: BucketLimits): { points: number; duration: number } {
  return { points: limits.capacity, duration: Math.max(1, Math.round((limits.capacity * 60) / limits.refillPerMinute)) };
}

/** Our budget over a rate-limiter-flexible limiter. */
export function budgetsOn(limiter: RateLimiterAbstract, limits: BucketLimits, close: () => Promise<void> = async () => {}): RateLimiter {
  const left = (consumed: number) => Math.max(0, limits.capacity - consumed);
  return {
    async take(key, cost) {
      if (cost > limits.capacity) {
        // Never allowed: say how long until the budget is whole again, spending nothing.
        const state = await limiter.get(key);
        return { allowed: false, remaining: state ? left(state.consumedPoints) : limits.capacity, retryAfterMs: Math.max(1, state?.msBeforeNext ?? 0) };
      }
      try {
        const taken = await limiter.consume(key, cost);
        return { allowed: true, remaining: taken.remainingPoints };
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal; // the store failed (and had no insurance)
        await limiter.reward(key, cost);
        return { allowed: false, remaining: left(refusal.consumedPoints - cost), retryAfterMs: Math.max(1, refusal.msBeforeNext) };
      }
    },
    close,
  };
}

export function memoryLimiter(limits: BucketLimits, keyPrefix: string): RateLimiterMemory {
  return new RateLimiterMemory({ ...windowOf(limits), keyPrefix });
}

export function memoryTokenBuckets(limits: BucketLimits): RateLimiter {
  return budgetsOn(memoryLimiter(limits, 'budget'), limits);
}
