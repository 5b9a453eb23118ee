import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entry } from '../../tests/support/auditStoreContract';
import { archiveOlderThan, sqliteArchivableLog, verifyArchivesOf } from './archive';
import { writeArchive } from './archiveFiles';
import { EMPTY_HEAD } from './chain';
import { createSqliteAuditStore } from './sqliteStore';
import type { AuditRecord, AuditStore } from './types';

const root = mkdtempSync(join(tmpdir(), 'audit-archive-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const OLD = '510114199002020022';

/** A log with three old records (the first naming OLD) and two appended after them; `cutoff` falls between. */
async function logWithOldRecords(name: string) {
  const dir = join(root, name);
  const file = join(dir, 'audit.sqlite');
  const store = createSqliteAuditStore(file);
  const old = await store.append([entry({ residentId: OLD }), entry(), entry()]);
  // The cut-off is an instant after the old records' stamp: wait for the clock to pass it.
  while (new Date().toISOString() <= old[0].at) await new Promise((r) => setImmediate(r));
  const cutoff = new Date().toISOString();
  while (new Date().toISOString() <= cutoff) await new Promise((r) => setImmediate(r));
  const recent = await store.append([entry({ requestId: 'recent' }), entry({ requestId: 'recent' })]);
  return { dir, file, archives: join(dir, 'audit-archive'), store, old, recent, cutoff };
}

async function archiveWith(file: string, archives: string, cutoff: string, key = KEY) {
  const log = sqliteArchivableLog(file);
  try {
    return await archiveOlderThan(log, archives, key, cutoff);
  } finally {
    await log.close();
  }
}

async function verdict(file: string, archives: string, key = KEY) {
  const log = sqliteArchivableLog(file);
  try {
    return await verifyArchivesOf(log, archives, key);
  } finally {
    await log.close();
  }
}

const seqs = async (store: AuditStore, residentId?: string) => (await store.query(residentId ? { residentId } : {})).map((r) => r.seq);

describe('audit retention (archive)', () => {
  it('moves the records older than the cut-off to a signed archive; the live chain and the archives both verify', async () => {
    const { file, archives, store, old, cutoff } = await logWithOldRecords('moves');
    expect(await archiveWith(file, archives, cutoff)).toEqual({ archives: 1, records: 3 });
    expect(await seqs(store)).toEqual([5, 4]);
    // The index went with the records: the resident only the old records named is no longer found live.
    expect(await seqs(store, OLD)).toEqual([]);
    expect(await store.verify()).toMatchObject({ valid: true, records: 2, lastIntact: { seq: 5 } });
    expect(await verdict(file, archives)).toEqual({ valid: true, archives: 1, records: 3, reason: null });
    const lines = readFileSync(join(archives, readdirSync(archives).find((n) => n.endsWith('.jsonl'))!), 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as AuditRecord).hash)).toEqual(old.map((r) => r.hash));
    // Nothing more is old enough: a second run moves nothing.
    expect(await archiveWith(file, archives, cutoff)).toEqual({ archives: 0, records: 0 });
    await store.close();
  });

  it('finds an altered archive, a checkpoint signed with another key, and a live log that does not continue the archives', async () => {
    const { file, archives, store, cutoff } = await logWithOldRecords('tampered');
    await archiveWith(file, archives, cutoff);
    expect((await verdict(file, archives, OTHER_KEY)).reason).toMatch(/signature does not verify/);
    const records = join(archives, readdirSync(archives).find((n) => n.endsWith('.jsonl'))!);
    const original = readFileSync(records, 'utf8');
    writeFileSync(records, original.replace('dev-civil-affairs', 'dev-someone-else'));
    expect((await verdict(file, archives)).reason).toMatch(/records file was altered/);
    writeFileSync(records, original);
    const db = new Database(file);
    db.prepare('UPDATE audit_record_base SET seq = 4').run();
    db.close();
    expect(await verdict(file, archives)).toMatchObject({ valid: false, reason: 'the live log starts after record 4, but the archives end at record 3' });
    await store.close();
  });

  it('refuses DELETE of records not yet archived, even after an archive', async () => {
    const { file, archives, store, cutoff } = await logWithOldRecords('guarded');
    await archiveWith(file, archives, cutoff);
    const db = new Database(file);
    expect(() => db.prepare('DELETE FROM audit_record WHERE seq = 4').run()).toThrow(/append-only/);
    db.close();
    await store.close();
  });

  it('finishes a run that stopped after writing its archive and before removing the records', async () => {
    const { file, archives, store, old, cutoff } = await logWithOldRecords('interrupted');
    writeArchive(archives, KEY, EMPTY_HEAD, old);
    expect(await verdict(file, archives)).toMatchObject({ valid: false });
    expect(await archiveWith(file, archives, cutoff)).toEqual({ archives: 0, records: 0 });
    expect(await seqs(store)).toEqual([5, 4]);
    expect(await verdict(file, archives)).toEqual({ valid: true, archives: 1, records: 3, reason: null });
    await store.close();
  });
});
