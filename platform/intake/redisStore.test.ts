import Redis from 'ioredis';
import { claimOne, created, HEALTH_FORMS, newReport } from '../../tests/support/intakeFixtures';
import { shanghaiToday } from '../../domain/period';
import { createRedisIntakeStore } from './redisStore';
import { describeIntakeStoreContract } from '../../tests/support/intakeStoreContract';
import { StoreUnavailableError } from './types';
import { deleteRedisKeys, withRedis } from '../../tests/support/environment';

// One prefix per run, removed afterwards: runs never see each other's data.
const RUN_PREFIX = `rg-test:${process.pid}-${Date.now()}:`;

withRedis('the Redis intake store', (REDIS_URL) => {
  const deleteRunKeys = () => deleteRedisKeys(REDIS_URL, RUN_PREFIX);
  describeIntakeStoreContract('Redis', async (space) => createRedisIntakeStore(REDIS_URL, { prefix: `${RUN_PREFIX}${space}:` }), deleteRunKeys);

  describe('Redis intake store', () => {
    afterAll(deleteRunKeys);

    it('lists by reported date the forms stored before the by-time-made index existed', async () => {
      const prefix = `${RUN_PREFIX}made-backfill:`;
      const store = createRedisIntakeStore(REDIS_URL, { prefix });
      const id = await created(store, newReport({ effectiveDate: '2021-05-05', systems: ['HEALTH_PLATFORM'] }));
      await store.completeDelivery(await claimOne(store, 'HEALTH_PLATFORM', 'w1'), 'DELIVERED', HEALTH_FORMS);
      // As an older version stored it: in the effective-date index only.
      const redis = new Redis(REDIS_URL);
      await redis.del(`${prefix}forms:made:department:health`);
      await redis.quit();
      const today = shanghaiToday();
      const reopened = createRedisIntakeStore(REDIS_URL, { prefix });
      expect((await reopened.listForms({ from: today, to: today }, 'health', undefined, 'REPORTED')).map((f) => f.intakeId)).toEqual([id]);
      await Promise.all([store.close(), reopened.close()]);
    });

    it('keeps one stream per system with one consumer group shared by the replicas, acknowledging each entry as it completes', async () => {
      const prefix = `${RUN_PREFIX}streams:`;
      const [first, second] = [createRedisIntakeStore(REDIS_URL, { prefix }), createRedisIntakeStore(REDIS_URL, { prefix })];
      const report = newReport({ systems: ['SOCIAL_INSURANCE'] });
      await first.createIntake(report.key, report.input);
      const other = newReport({ systems: ['SOCIAL_INSURANCE'] });
      await second.createIntake(other.key, other.input);
      const [a, b] = await Promise.all([first.claimDeliveries('SOCIAL_INSURANCE', 'replica-1', 1, 60_000), second.claimDeliveries('SOCIAL_INSURANCE', 'replica-2', 1, 60_000)]);
      expect([a.length, b.length]).toEqual([1, 1]);
      expect(a[0].intake.id).not.toBe(b[0].intake.id);
      const redis = new Redis(REDIS_URL);
      const groups = (await redis.xinfo('GROUPS', `${prefix}deliveries:SOCIAL_INSURANCE`)) as unknown[][];
      expect(groups).toHaveLength(1);
      const pending = async () => ((await redis.xpending(`${prefix}deliveries:SOCIAL_INSURANCE`, 'intake-workers')) as [number])[0];
      expect(await pending()).toBe(2);
      await first.completeDelivery(a[0], 'DELIVERED', []);
      await second.failDelivery(b[0], 'social insurance system timed out', null);
      expect(await pending()).toBe(0);
      await redis.quit();
      await Promise.all([first.close(), second.close()]);
    });
  });
});

// Needs no Redis server: nothing answers on port 1.
describe('Redis intake store without a server', () => {
  it('rejects createIntake with StoreUnavailableError within 2 s when Redis is unreachable', async () => {
    const store = createRedisIntakeStore('redis://127.0.0.1:1', { prefix: RUN_PREFIX });
    const report = newReport();
    const started = Date.now();
    await expect(store.createIntake(report.key, report.input)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(2000);
    await store.close();
  });
});
