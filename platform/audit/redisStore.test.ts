import Redis from 'ioredis';
import { createRedisAuditStore } from './redisStore';
import { describeAuditStoreContract, entry } from './storeContract';
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
  // The contract's tamper test edits and removes stored records behind the store's back.
  const tamper = (space: string, seq: number, r: AuditRecord) => onRedis((redis) => redis.hset(`${prefixOf(space)}audit:records`, String(seq), JSON.stringify(r)));
  const remove = (space: string, seq: number) => onRedis((redis) => redis.hdel(`${prefixOf(space)}audit:records`, String(seq)));

  describeAuditStoreContract('Redis', async (space) => createRedisAuditStore(REDIS_URL, { prefix: prefixOf(space) }), tamper, remove, () => deleteRedisKeys(REDIS_URL, RUN_PREFIX));
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
