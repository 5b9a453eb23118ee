import { redisTokenBuckets } from './redisTokenBucket';
import { memoryTokenBuckets, type BucketLimits, type RateLimiter } from './tokenBucket';
import { deleteRedisKeys, withRedis } from '../../tests/support/environment';

const PREFIX = `rg-test:bucket-${process.pid}-${Date.now()}:`;
const LIMITS: BucketLimits = { capacity: 10, refillPerMinute: 600 }; // 10 a second

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

    it('lets a caller spend its capacity, then refuses with the time until enough has refilled', async () => {
      const limiter = open();
      const who = caller();
      expect(await limiter.take(who, 6)).toEqual({ allowed: true, remaining: 4 });
      expect(await limiter.take(who, 4)).toEqual({ allowed: true, remaining: 0 });
      const refused = await limiter.take(who, 3);
      expect(refused.allowed).toBe(false);
      // 3 units at 10 a second: about 300 ms.
      expect(refused.allowed === false && refused.retryAfterMs).toBeGreaterThan(150);
      expect(refused.allowed === false && refused.retryAfterMs).toBeLessThanOrEqual(300);
    });

    it('refills over time', async () => {
      const limiter = open();
      const who = caller();
      await limiter.take(who, 10);
      await new Promise((r) => setTimeout(r, 350));
      expect((await limiter.take(who, 3)).allowed).toBe(true);
    });

    it('keeps one bucket per caller', async () => {
      const limiter = open();
      const [a, b] = [caller(), caller()];
      await limiter.take(a, 10);
      expect((await limiter.take(a, 1)).allowed).toBe(false);
      expect((await limiter.take(b, 10)).allowed).toBe(true);
    });

    it('never lets a cost above the capacity through', async () => {
      const limiter = open();
      expect((await limiter.take(caller(), 11)).allowed).toBe(false);
    });
  });
}

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
  });
});
