import Redis from 'ioredis';
import { createRedisAuditStore } from './redisStore';
import { describeAuditStoreContract, entry } from './storeContract';
import { AuditUnavailableError, type AuditRecord } from './types';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// One prefix per run, removed afterwards: runs never see each other's data.
const RUN_PREFIX = `rg-test:audit-${process.pid}-${Date.now()}:`;
const prefixOf = (space: string) => `${RUN_PREFIX}${space}:`;

async function withRedis<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(REDIS_URL);
  try {
    return await work(redis);
  } finally {
    await redis.quit();
  }
}

async function deleteRunKeys(): Promise<void> {
  await withRedis(async (redis) => {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${RUN_PREFIX}*`, count: 500 })) keys.push(...(batch as string[]));
    if (keys.length > 0) await redis.del(...keys);
  });
}

const tamper = (space: string, seq: number, r: AuditRecord) => withRedis(async (redis) => void (await redis.hset(`${prefixOf(space)}audit:records`, String(seq), JSON.stringify(r))));
const remove = (space: string, seq: number) => withRedis(async (redis) => void (await redis.hdel(`${prefixOf(space)}audit:records`, String(seq))));

describeAuditStoreContract('Redis', async (space) => createRedisAuditStore(REDIS_URL, { prefix: prefixOf(space) }), tamper, remove, deleteRunKeys);

describe('Redis audit store', () => {
  it('rejects an append with AuditUnavailableError within 2 s when Redis is unreachable', async () => {
    const store = createRedisAuditStore('redis://127.0.0.1:1', { prefix: RUN_PREFIX });
    const started = Date.now();
    await expect(store.append([entry()])).rejects.toBeInstanceOf(AuditUnavailableError);
    expect(Date.now() - started).toBeLessThan(2000);
    await store.close();
  });
});
