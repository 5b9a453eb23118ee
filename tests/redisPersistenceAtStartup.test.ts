/**
 * A department in Redis mode checks the server's persistence before it listens: production refuses
 * a Redis that could lose acknowledged intakes, development warns and serves.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { departmentConfig, serveDepartment } from '../platform/department';
import { closeLogFiles, createLogger } from '../platform/logger';
import { hrssDepartment } from '../subgraphs/hrss/subgraph';
import { deleteRedisKeys, withRedis } from './support/environment';
import { startPrivateRedis } from './support/privateRedis';

const RUN_PREFIX = `rg-test:${process.pid}-${Date.now()}:startup:`;
const productionEnv = (REDIS_URL: string) => ({ NODE_ENV: 'production', GATEWAY_SUBGRAPH_SECRET: 'a-production-secret-of-our-own-for-this-test-only', REDIS_URL, REDIS_PREFIX: RUN_PREFIX });

withRedis('the Redis persistence check when a department starts', (SHARED_REDIS_URL) => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-startup-'));
  afterEach(closeLogFiles);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await deleteRedisKeys(SHARED_REDIS_URL, RUN_PREFIX);
  });

  it('refuses to start in production on the shared Redis (appendonly no), naming appendonly', async () => {
    const started = serveDepartment(hrssDepartment, departmentConfig(hrssDepartment, productionEnv(SHARED_REDIS_URL)), { port: 0, logger: createLogger('test', 'silent') });
    await expect(started).rejects.toMatchObject({ code: 'REDIS_NOT_DURABLE', message: expect.stringContaining('set "appendonly yes"') });
  });

  it('starts in development on the same Redis, with a warning naming appendonly', async () => {
    const file = join(dir, 'development.log');
    const logger = createLogger('hrss', { level: 'silent', file: { path: file, level: 'warn' } });
    const running = await serveDepartment(hrssDepartment, departmentConfig(hrssDepartment, { REDIS_URL: SHARED_REDIS_URL, REDIS_PREFIX: RUN_PREFIX }), { port: 0, logger });
    await running.close();
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; findings?: string[] });
    expect(lines.filter((l) => l.findings)).toEqual([expect.objectContaining({ msg: 'Redis would lose acknowledged intakes (refused in production)', findings: [expect.stringMatching(/^appendonly is "no/)] })]);
  });

  it('starts in production on a Redis with appendonly yes, appendfsync always and noeviction', async () => {
    const redis = await startPrivateRedis();
    try {
      const running = await serveDepartment(hrssDepartment, departmentConfig(hrssDepartment, productionEnv(redis.url)), { port: 0, logger: createLogger('test', 'silent') });
      await running.close();
    } finally {
      await redis.close();
    }
  });
});
