import Redis from 'ioredis';
import { createRedisAuditStore } from './redisStore';
import { describeAuditStoreContract, entry } from '../../tests/support/auditStoreContract';
import { AuditUnavailableError, type AuditRecord } from './types';
import { deleteRedisKeys, withRedis } from '../../tests/support/environment';

// One prefix per run, removed afterwards: runs never see each other's data.
const RUN_PREFIX = `rg-test:audit-${process.pid}-${Date.now()}:`;
const prefixOf = (space: string) => `${RUN_PREFIX}${space}:`;

withRedis('the Redis audit store', (REDIS_URL) => {
  async function onRedis(work: (redis: Redis) => Promise<unknown>): Promise<void> {
    const redis = new Redis(REDIS_URL);
    try {
      await work(redis);
    } finally {
      await redis.quit();
    }
  }
  // The contract's tamper tests edit, remove and cut off stored records behind the store's back.
  const records = (space: string) => `${prefixOf(space)}audit:records`;
  const tamper = (space: string, seq: number, r: AuditRecord) => onRedis((redis) => redis.hset(records(space), String(seq), JSON.stringify(r)));
  const remove = (space: string, seq: number) => onRedis((redis) => redis.hdel(records(space), String(seq)));
  const truncate = (space: string, seq: number) =>
    onRedis(async (redis) => {
      const newer = (await redis.hkeys(records(space))).filter((k) => Number(k) > seq);
      if (newer.length > 0) await redis.hdel(records(space), ...newer);
      const kept = JSON.parse((await redis.hget(records(space), String(seq)))!) as AuditRecord;
      await redis.hset(`${prefixOf(space)}audit:head`, { seq: String(seq), hash: kept.hash });
    });

  describeAuditStoreContract('Redis', async (space) => createRedisAuditStore(REDIS_URL, { prefix: prefixOf(space) }), { tamper, remove, truncate }, () => deleteRedisKeys(REDIS_URL, RUN_PREFIX));
});

// Needs no Redis server: nothing answers on port 1.
describe('Redis audit store without a server', () => {
  it('rejects an append with AuditUnavailableError within 2 s when Redis is unreachable', async () => {
    const store = createRedisAuditStore('redis://127.0.0.1:1', { prefix: RUN_PREFIX });
    const started = Date.now();
    await expect(store.append([entry()])).rejects.toBeInstanceOf(AuditUnavailableError);
    expect(Date.now() - started).toBeLessThan(2000);
    await store.close();
  });
});
