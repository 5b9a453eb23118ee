import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entry } from '../../tests/support/auditStoreContract';
import { deleteRedisKeys, withRedis } from '../../tests/support/environment';
import { archiveOlderThan, verifyArchivesOf } from './archive';
import { writeArchive } from './archiveFiles';
import { EMPTY_HEAD } from './chain';
import { redisArchivableLog } from './redisArchive';
import { createRedisAuditStore } from './redisStore';

const root = mkdtempSync(join(tmpdir(), 'audit-redis-archive-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const KEY = Buffer.alloc(32, 7);
const OLD = '510114199002020022';

withRedis('archiving the Redis audit log', (REDIS_URL) => {
  const runPrefix = `rg-test:audit-archive-${process.pid}-${Date.now()}:`;
  afterAll(() => deleteRedisKeys(REDIS_URL, runPrefix));

  async function logWithOldRecords(name: string) {
    const prefix = `${runPrefix}${name}:`;
    const store = createRedisAuditStore(REDIS_URL, { prefix });
    const old = await store.append([entry({ residentId: OLD }), entry(), entry()]);
    while (new Date().toISOString() <= old[0].at) await new Promise((r) => setImmediate(r));
    const cutoff = new Date().toISOString();
    while (new Date().toISOString() <= cutoff) await new Promise((r) => setImmediate(r));
    await store.append([entry({ requestId: 'recent' }), entry({ requestId: 'recent' })]);
    return { store, old, cutoff, log: redisArchivableLog(REDIS_URL, prefix), archives: join(root, name) };
  }

  it('moves the old records and their index entries to a signed archive; the live chain and the archives verify', async () => {
    const { store, log, archives, cutoff } = await logWithOldRecords('moves');
    expect(await archiveOlderThan(log, archives, KEY, cutoff)).toEqual({ archives: 1, records: 3 });
    expect((await store.query({})).map((r) => r.seq)).toEqual([5, 4]);
    expect(await store.query({ residentId: OLD })).toEqual([]);
    expect(await store.verify()).toMatchObject({ valid: true, records: 2 });
    expect(await verifyArchivesOf(log, archives, KEY)).toEqual({ valid: true, archives: 1, records: 3, reason: null });
    await log.close();
    await store.close();
  });

  it('finishes a run that stopped after writing its archive', async () => {
    const { store, log, archives, old, cutoff } = await logWithOldRecords('interrupted');
    writeArchive(archives, KEY, EMPTY_HEAD, old);
    expect(await archiveOlderThan(log, archives, KEY, cutoff)).toEqual({ archives: 0, records: 0 });
    expect((await store.query({})).map((r) => r.seq)).toEqual([5, 4]);
    expect(await verifyArchivesOf(log, archives, KEY)).toMatchObject({ valid: true, archives: 1 });
    expect(await store.verify()).toMatchObject({ valid: true, records: 2 });
    await log.close();
    await store.close();
  });
});
