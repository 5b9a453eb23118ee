/**
 * The scaled mode: the same write-through with intakes and deliveries in Redis (Streams, one
 * consumer group per system) against the machine's real Redis server (REDIS_URL); and with Redis
 * unreachable, a clear error and no intake reported as accepted.
 */
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, readIntake, report, statusBySystem } from './support/reports';
import { writeCounts, writesSince } from './support/writes';
import { deleteRedisKeys, withRedis } from './support/environment';


withRedis('write-through with the Redis store', (REDIS_URL) => {
  describe('write-through with the Redis store', () => {
    let stack: Stack;
    const prefix = `rgtest:${randomUUID().slice(0, 8)}:`;
    beforeAll(async () => {
      stack = await startStack({ subgraphEnv: { REDIS_URL, REDIS_PREFIX: prefix } });
    }, 60_000);
    afterAll(async () => {
      await stack?.close();
      await deleteRedisKeys(REDIS_URL, prefix);
    });

    it('delivers a death to every system once, with the deliveries shared through Redis streams', async () => {
      const person = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance && r.community === '510114001001')!;
      const before = writeCounts(stack);
      const input = deathOf(person);
      const intake = (await report(stack, input)).data!.reportPopulationChange;
      expect(intake.status).toBe('COMPLETE');
      expect(statusBySystem(intake).SOCIAL_ASSISTANCE).toBe('DELIVERED');
      expect((await report(stack, input)).data!.reportPopulationChange.id).toBe(intake.id);
      expect(writesSince(stack, before)).toMatchObject({ COMMUNITY_REGISTRY: 1, SOCIAL_ASSISTANCE: 1, HEALTH_PLATFORM: 1 });

      const redis = new Redis(REDIS_URL);
      try {
        expect(await redis.exists(`${prefix}intake:${intake.id}`)).toBe(1);
        const groups = (await redis.xinfo('GROUPS', `${prefix}deliveries:SOCIAL_ASSISTANCE`)) as unknown[][];
        expect(groups).toHaveLength(1);
      } finally {
        await redis.quit();
      }
      expect((await readIntake(stack, intake.id)).status).toBe('COMPLETE');
    });
  });
});

describe('the Redis store unreachable when the mutation arrives', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Port 1: nothing listens there, the connection is refused at once.
    stack = await startStack({ subgraphEnv: { REDIS_URL: 'redis://127.0.0.1:1' } });
  }, 60_000);
  afterAll(() => stack?.close());

  it('answers a coded error saying the report was not accepted, and writes to no system', async () => {
    const person = consistentResidents().find((r) => r.community === '510114001002')!;
    const before = writeCounts(stack);
    const started = Date.now();
    const res = await report(stack, deathOf(person));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res.data ?? null).toBeNull();
    // The report's audit record goes to the same Redis, and is written first: either store says so.
    expect(['STORE_UNAVAILABLE', 'AUDIT_UNAVAILABLE']).toContain(res.errors?.[0].extensions?.code);
    expect(res.errors?.[0].message).toMatch(/nothing was accepted|was not accepted/);
    expect(writesSince(stack, before)).toEqual({ COMMUNITY_REGISTRY: 0, SOCIAL_ASSISTANCE: 0, ELDERLY_DISABILITY_SUBSIDY: 0, SOCIAL_INSURANCE: 0, HEALTH_PLATFORM: 0 });
  });
});
