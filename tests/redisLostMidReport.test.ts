/**
 * Redis lost around a report, against a real Redis server of the test's own (killed and started
 * again): the answer says what is known. A report stored before Redis went away is named by its
 * intake id ("stored", follow it), never "nothing was accepted"; the same key returns it once
 * Redis is back. A report refused before it was stored says so, and nothing of it is stored.
 */
import Redis from 'ioredis';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, report } from './support/reports';
import { writeCounts, writesSince } from './support/writes';
import { startPrivateRedis, type PrivateRedis } from './support/privateRedis';
import { withRedis } from './support/environment';
import { createRedisIntakeStore } from '../platform/intake';
import { newReport } from './support/intakeFixtures';
import { StoreUnavailableError } from '../platform/intake/types';

const PREFIX = 'rg:';

async function intakeKeys(url: string): Promise<string[]> {
  const redis = new Redis(url);
  try {
    return (await redis.keys(`${PREFIX}intake:*`)).filter((k) => k !== `${PREFIX}intake:`);
  } finally {
    redis.disconnect();
  }
}

withRedis('Redis lost around a report', () => {
  describe('Redis lost around a report', () => {
    let redis: PrivateRedis;
    let stack: Stack;
    beforeAll(async () => {
      redis = await startPrivateRedis();
      // The mutation waits long for its deliveries: social insurance is made slow below.
      stack = await startStack({ subgraphEnv: { REDIS_URL: redis.url, REDIS_PREFIX: PREFIX, INTAKE_WAIT_MS: '20000', DELIVERY_MAX_ATTEMPTS: '1000' } });
    }, 60_000);
    afterAll(async () => {
      await stack?.close();
      await redis?.close();
    });

    it('names the stored intake when Redis is lost while the mutation waits, and the same key returns it once Redis is back', async () => {
      const person = consistentResidents().find((r) => r.community === '510114001001' && r.socialInsurance.pension)!;
      const input = deathOf(person);
      await stack.fault('SOCIAL_INSURANCE', { mode: 'slow', latencyMs: 10_000 });
      const answer = report(stack, input);
      // Redis goes away once the report is stored, while the mutation waits for its deliveries.
      const deadline = Date.now() + 20_000;
      while ((await intakeKeys(redis.url)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const [stored] = await intakeKeys(redis.url);
      expect(stored).toBeDefined();
      await redis.kill();

      const res = await answer;
      expect(res.data ?? null).toBeNull();
      const intakeId = stored.slice(`${PREFIX}intake:`.length);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'STORE_UNAVAILABLE', stored: 'yes', intakeId });
      expect(res.errors?.[0].message).toContain(intakeId);
      expect(res.errors?.[0].message).not.toMatch(/nothing was accepted|not stored/);

      await redis.start();
      await stack.fault('SOCIAL_INSURANCE', { mode: 'none' });
      // Sent again with the same key: the same intake, not a second one.
      const again = await report(stack, input);
      expect(again.errors).toBeUndefined();
      expect(again.data!.reportPopulationChange.id).toBe(intakeId);
      expect(await intakeKeys(redis.url)).toEqual([stored]);
    }, 90_000);

    it('says "not stored" for a report refused while Redis is away, and stores nothing of it', async () => {
      const person = consistentResidents().find((r) => r.community === '510114001002')!;
      const input = deathOf(person);
      const keysBefore = await intakeKeys(redis.url);
      const before = writeCounts(stack);
      await redis.kill();
      const res = await report(stack, input);
      expect(res.data ?? null).toBeNull();
      // The report's audit record is written first, to the same Redis: refused there, before the intake.
      expect(['AUDIT_UNAVAILABLE', 'STORE_UNAVAILABLE']).toContain(res.errors?.[0].extensions?.code);
      expect(res.errors?.[0].extensions?.stored).toBe('no');
      expect(res.errors?.[0].message).toMatch(/not accepted|not stored/);

      await redis.start();
      expect(await intakeKeys(redis.url)).toEqual(keysBefore);
      expect(writesSince(stack, before)).toEqual({ COMMUNITY_REGISTRY: 0, SOCIAL_ASSISTANCE: 0, ELDERLY_DISABILITY_SUBSIDY: 0, SOCIAL_INSURANCE: 0, HEALTH_PLATFORM: 0 });
    }, 60_000);

    it('says "unknown" when Redis stops answering while the intake is being stored: it may have been, and the same key finds out', async () => {
      const store = createRedisIntakeStore(redis.url, { prefix: 'rg:unknown:' });
      try {
        const { key, input } = newReport();
        // Connected, and the script known to the server (a restart forgets scripts), before the pause.
        const warmUp = newReport();
        await store.createIntake(warmUp.key, warmUp.input);
        redis.pause();
        const failure = await store.createIntake(key, input).then(
          () => null,
          (err: unknown) => err,
        );
        redis.resume();
        expect(failure).toBeInstanceOf(StoreUnavailableError);
        expect((failure as StoreUnavailableError).applied).toBe('unknown');
        // It was in fact sent, and ran once Redis answered again: the same key returns it.
        const again = await store.createIntake(key, input);
        expect(again.outcome).toBe('replayed');
      } finally {
        redis.resume();
        await store.close();
      }
    }, 60_000);
  });
});
