import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteAuditStore } from './sqliteStore';
import { describeAuditStoreContract, entry } from '../../tests/support/auditStoreContract';
import type { AuditRecord } from './types';

const dir = mkdtempSync(join(tmpdir(), 'audit-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fileOf = (space: string) => join(dir, `${space}.sqlite`);

/** Goes around the store the way someone with the file would: drop the guard triggers, then write. */
function behindTheStore(space: string, statement: string, params: Record<string, unknown>): void {
  const db = new Database(fileOf(space));
  db.exec('DROP TRIGGER IF EXISTS audit_record_no_update; DROP TRIGGER IF EXISTS audit_record_no_delete;');
  db.prepare(statement).run(params);
  db.close();
}
const tamper = async (space: string, seq: number, r: AuditRecord) =>
  behindTheStore(space, 'UPDATE audit_record SET subject = @subject, reads = @reads, hash = @hash WHERE seq = @seq', { subject: r.subject, reads: JSON.stringify(r.reads), hash: r.hash, seq });
const remove = async (space: string, seq: number) => behindTheStore(space, 'DELETE FROM audit_record WHERE seq = @seq', { seq });
const truncate = async (space: string, seq: number) => {
  behindTheStore(space, 'DELETE FROM audit_record WHERE seq > @seq', { seq });
  behindTheStore(space, 'DELETE FROM audit_resident WHERE record_seq > @seq', { seq });
  behindTheStore(space, 'UPDATE audit_record_head SET seq = @seq, hash = (SELECT hash FROM audit_record WHERE seq = @seq) WHERE id = 1', { seq });
};

describeAuditStoreContract('SQLite', async (space) => createSqliteAuditStore(fileOf(space)), { tamper, remove, truncate }, async () => {});

describe('SQLite audit store', () => {
  it('refuses UPDATE and DELETE of audit records through SQL (append-only)', async () => {
    const store = createSqliteAuditStore(fileOf('append-only'));
    await store.append([entry()]);
    const db = new Database(fileOf('append-only'));
    expect(() => db.prepare("UPDATE audit_record SET subject = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_record WHERE seq = 1').run()).toThrow(/append-only/);
    db.close();
    expect((await store.verify()).valid).toBe(true);
    await store.close();
  });

  it('fails verification at a record whose resident index entry was removed or added behind the store', async () => {
    const store = createSqliteAuditStore(fileOf('index'));
    await store.append([entry(), entry({ requestId: 'r2' }), entry({ requestId: 'r3' })]);
    behindTheStore('index', 'DELETE FROM audit_resident WHERE record_seq = @seq', { seq: 2 });
    expect(await store.verify()).toMatchObject({ valid: false, brokenAt: 2, reason: 'the resident index of record 2 does not name the residents the record does' });
    behindTheStore('index', 'INSERT INTO audit_resident (resident_key, record_seq) VALUES (@key, @seq)', { key: entry().reads[0].residentId, seq: 2 });
    expect((await store.verify()).valid).toBe(true);
    behindTheStore('index', 'INSERT INTO audit_resident (resident_key, record_seq) VALUES (@key, @seq)', { key: '510114199002020022', seq: 3 });
    expect(await store.verify()).toMatchObject({ valid: false, brokenAt: 3 });
    await store.close();
  });

  it('chains appends from several processes on one file into one unbroken chain', async () => {
    const file = fileOf('processes');
    const appender = (name: string) =>
      new Promise<void>((done, fail) => {
        const source = `import { createSqliteAuditStore } from ${JSON.stringify(resolve(__dirname, 'sqliteStore'))};
          (async () => {
            const store = createSqliteAuditStore(${JSON.stringify(file)});
            for (let i = 0; i < 25; i++) await store.append([${JSON.stringify(entry({ subject: name }))}, ${JSON.stringify(entry({ subject: name, residentId: null }))}]);
            await store.close();
          })();`;
        const child = spawn(resolve('node_modules/.bin/tsx'), ['-e', source], { stdio: ['ignore', 'ignore', 'inherit'] });
        child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`appender exited with ${code}`))));
      });
    await Promise.all([appender('process-1'), appender('process-2'), appender('process-3')]);
    const store = createSqliteAuditStore(file);
    expect(await store.verify()).toMatchObject({ valid: true, records: 150, brokenAt: null, reason: null });
    await store.close();
  }, 60_000);
});
