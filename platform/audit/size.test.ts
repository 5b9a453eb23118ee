import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entry } from '../../tests/support/auditStoreContract';
import { deleteRedisKeys, withRedis } from '../../tests/support/environment';
import { openAuditStore, type AuditStoreConfig } from './createAuditStore';
import { auditStoreBytes } from './size';

const dir = mkdtempSync(join(tmpdir(), 'audit-size-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 50-resident list read, as Q2 leaves it in each department. */
const listRead = (i: number) => entry({ requestId: `q2-${i}`, reads: Array.from({ length: 50 }, (_, n) => ({ residentId: `51011419800${String(i * 50 + n).padStart(7, '0')}`, fields: ['name', 'subsistenceAllowance'] })) });

async function grows(config: AuditStoreConfig): Promise<void> {
  const store = openAuditStore(config);
  const before = await auditStoreBytes(config);
  await Promise.all(Array.from({ length: 40 }, (_, i) => store.append([listRead(i)])));
  const after = await auditStoreBytes(config);
  await store.close();
  expect(after).toBeGreaterThan(before);
  // 2,000 reads of 18-character ID numbers cannot fit in less than their own text.
  expect(after - before).toBeGreaterThan(2000 * 18);
}

describe('audit store size', () => {
  it('counts nothing for a log not yet created, then the SQLite file and its WAL as they grow', async () => {
    expect(await auditStoreBytes({ dataDir: join(dir, 'none') })).toBe(0);
    await grows({ dataDir: dir });
  });
});

withRedis('audit store size in Redis', (REDIS_URL) => {
  const prefix = `rg-test:audit-size-${process.pid}-${Date.now()}:`;
  afterAll(() => deleteRedisKeys(REDIS_URL, prefix));
  it('counts the memory of every audit key under the prefix', async () => {
    expect(await auditStoreBytes({ dataDir: dir, redisUrl: REDIS_URL, redisPrefix: prefix })).toBe(0);
    await grows({ dataDir: dir, redisUrl: REDIS_URL, redisPrefix: prefix });
  });
});
