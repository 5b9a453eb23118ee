import { redisTokenBuckets } from './redisTokenBucket';
import { memoryTokenBuckets, windowOf, type BucketLimits, type RateLimiter } from './tokenBucket';
import { deleteRedisKeys, withRedis } from '../../tests/support/environment';

const PREFIX = `rg-test:bucket-${process.pid}-${Date.now()}:`;
const LIMITS: BucketLimits = { capacity: 10, refillPerMinute: 600 }; // 10 a second: the whole 10 back every second

function describeBuckets(name: string, make: (limits: BucketLimits) => RateLimiter) {
  describe(`${name} token buckets`, () => {
    const made: RateLimiter[] = [];
    const open = (limits = LIMITS) => {
      const limiter = make(limits);
      made.push(limiter);
      return limiter;
    };
    afterEach(async () => {
      await Promise.all(made.splice(0).map((l) => l.close()));
    });
    let n = 0;
    const caller = () => `caller-${name}-${++n}`;

    it('lets a caller spend its capacity, then refuses with the time until the budget is back', async () => {
      const limiter = open();
      const who = caller();
      expect(await limiter.take(who, 6)).toEqual({ allowed: true, remaining: 4 });
      expect(await limiter.take(who, 4)).toEqual({ allowed: true, remaining: 0 });
      const refused = await limiter.take(who, 3);
      expect(refused).toMatchObject({ allowed: false, remaining: 0 });
      // The window is 1 s: the budget is back within it.
      expect(refused.allowed === false && refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.allowed === false && refused.retryAfterMs).toBeLessThanOrEqual(1000);
    });

    it('a refused request spends nothing: the units it asked for stay with the caller', async () => {
      const limiter = open();
      const who = caller();
      await limiter.take(who, 7);
      expect(await limiter.take(who, 5)).toMatchObject({ allowed: false, remaining: 3 });
      expect(await limiter.take(who, 3)).toEqual({ allowed: true, remaining: 0 });
    });

    it('gives the budget back once the window has passed', async () => {
      const limiter = open();
      const who = caller();
      await limiter.take(who, 10);
      expect((await limiter.take(who, 3)).allowed).toBe(false);
      const deadline = Date.now() + 10_000;
      let taken = await limiter.take(who, 3);
      while (!taken.allowed && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        taken = await limiter.take(who, 3);
      }
      expect(taken).toEqual({ allowed: true, remaining: 7 });
    });

    it('keeps one bucket per caller', async () => {
      const limiter = open();
      const [a, b] = [caller(), caller()];
      await limiter.take(a, 10);
      expect((await limiter.take(a, 1)).allowed).toBe(false);
      expect((await limiter.take(b, 10)).allowed).toBe(true);
    });

    it('never lets a cost above the capacity through, and spends nothing on it', async () => {
      const limiter = open();
      const who = caller();
      expect(await limiter.take(who, 11)).toMatchObject({ allowed: false, remaining: 10 });
      expect(await limiter.take(who, 10)).toEqual({ allowed: true, remaining: 0 });
    });
  });
}

describe('the bucket settings on rate-limiter-flexible', () => {
  it('map capacity to points and the time an empty bucket takes to fill to the window, in whole seconds', () => {
    expect(windowOf({ capacity: 10, refillPerMinute: 600 })).toEqual({ points: 10, duration: 1 });
    expect(windowOf({ capacity: 60, refillPerMinute: 30 })).toEqual({ points: 60, duration: 120 });
    expect(windowOf({ capacity: 1, refillPerMinute: 6000 })).toEqual({ points: 1, duration: 1 });
  });
});

describeBuckets('memory', (limits) => memoryTokenBuckets(limits));
withRedis('Redis token buckets', (REDIS_URL) => {
  describeBuckets('Redis', (limits) => redisTokenBuckets(REDIS_URL, limits, { prefix: PREFIX }));

  describe('Redis token buckets', () => {
    afterAll(() => deleteRedisKeys(REDIS_URL, PREFIX));

    it('share one budget between gateway replicas', async () => {
      const [a, b] = [redisTokenBuckets(REDIS_URL, LIMITS, { prefix: PREFIX }), redisTokenBuckets(REDIS_URL, LIMITS, { prefix: PREFIX })];
      expect((await a.take('shared-caller', 7)).allowed).toBe(true);
      expect((await b.take('shared-caller', 7)).allowed).toBe(false);
      await Promise.all([a.close(), b.close()]);
    });

    it('fall back to this gateway’s own budgets when Redis cannot be reached', async () => {
      let notices = 0;
      const unreachable = redisTokenBuckets('redis://127.0.0.1:1', LIMITS, { prefix: PREFIX, onFallback: () => notices++, noticeEveryMs: 60_000 });
      try {
        expect(await unreachable.take('lonely-caller', 7)).toEqual({ allowed: true, remaining: 3 });
        expect(await unreachable.take('lonely-caller', 7)).toMatchObject({ allowed: false, remaining: 3 });
        // Told once, not on every request.
        expect(notices).toBe(1);
      } finally {
        await unreachable.close();
      }
    });
  });
});
