/**
 * The social insurance system protects itself with one token bucket shared by all its clients:
 * over the rate it answers 429 Too Many Requests with Retry-After in whole seconds (RFC 9110
 * delay-seconds), so a well-behaved client waits and tries again.
 */
import type { NextFunction, Request, Response } from 'express';
import type { RequestStats } from '../shared/stats';

export interface RateLimitOptions {
  /** Tokens added per second; 0 switches the limit off. @default 20 */
  ratePerSecond: number;
  /** Bucket size: requests allowed in a burst. @default 20 */
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = options.burst;
    this.last = now();
  }

  /** Takes a token; when none is left, says how long until one is, in ms. */
  take(): { ok: true } | { ok: false; retryAfterMs: number } {
    const { ratePerSecond, burst } = this.options;
    if (ratePerSecond <= 0) return { ok: true };
    const now = this.now();
    this.tokens = Math.min(burst, this.tokens + ((now - this.last) / 1000) * ratePerSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - this.tokens) / ratePerSecond) * 1000) };
  }
}

/** Middleware in front of every protocol route; rejected requests count as kind `rate-limited`. */
export function rateLimiter(bucket: TokenBucket, stats: RequestStats) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const taken = bucket.take();
    if (taken.ok) {
      next();
      return;
    }
    stats.count('rate-limited');
    const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
    res
      .status(429)
      .set('Retry-After', String(seconds))
      .json({ code: 'RATE_LIMITED', message: `Too many requests; retry after ${seconds} s.` });
  };
}
