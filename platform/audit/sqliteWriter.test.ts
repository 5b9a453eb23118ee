import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { entry } from '../../tests/support/auditStoreContract';
import { sqliteAuditWriter } from './sqliteWriter';
import { AuditUnavailableError } from './types';

const dir = mkdtempSync(join(tmpdir(), 'audit-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the SQLite audit writer thread', () => {
  it('fails appends with AuditUnavailableError when its thread cannot start, and starts it again on the next append', async () => {
    // A file where the database's folder should be: the thread cannot open the database.
    const blocker = join(dir, 'blocked');
    writeFileSync(blocker, 'not a folder');
    const writer = sqliteAuditWriter(join(blocker, 'audit.sqlite'));
    await expect(writer.append([entry()])).rejects.toBeInstanceOf(AuditUnavailableError);
    await expect(writer.append([entry()])).rejects.toBeInstanceOf(AuditUnavailableError);
    rmSync(blocker);
    const [record] = await writer.append([entry({ requestId: 'after-restart' })]);
    expect(record).toMatchObject({ seq: 1, requestId: 'after-restart' });
    await writer.close();
  }, 60_000);

  it('gives each of many concurrent appends its own records, consecutive, in one chain', async () => {
    const writer = sqliteAuditWriter(join(dir, 'concurrent.sqlite'));
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => writer.append([entry({ requestId: `req-${i}` }), entry({ requestId: `req-${i}`, residentId: null })])));
    results.forEach((records, i) => {
      expect(records.map((r) => r.requestId)).toEqual([`req-${i}`, `req-${i}`]);
      expect(records[1].seq).toBe(records[0].seq + 1);
      expect(records[1].prevHash).toBe(records[0].hash);
    });
    expect(results.flat().map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    await writer.close();
  }, 60_000);
});

describe('closing the SQLite audit writer', () => {
  it('keeps the process alive until its thread has closed, so the caller goes on after close()', () => {
    const file = join(dir, 'close.sqlite');
    const source = `import { sqliteAuditWriter } from ${JSON.stringify(join(__dirname, 'sqliteWriter'))};
      (async () => {
        const writer = sqliteAuditWriter(${JSON.stringify(file)});
        await writer.append([${JSON.stringify(entry())}]);
        await writer.close();
        console.log('after close');
      })();`;
    const child = spawnSync(resolve('node_modules/.bin/tsx'), ['-e', source], { encoding: 'utf8' });
    expect(child.stdout).toContain('after close');
    expect(child.status).toBe(0);
  }, 60_000);
});
