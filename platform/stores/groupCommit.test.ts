/** Group commit on a real SQLite file: writes asked for together share a transaction, a failing one is undone alone. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupCommit } from './groupCommit';
import { openSqlite, type SqliteDatabase } from './sqlite';

describe('groupCommit', () => {
  let dir: string;
  let file: string;
  let db: SqliteDatabase;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    file = join(dir, 'db.sqlite');
    db = openSqlite(file);
    db.exec('CREATE TABLE rows (name TEXT NOT NULL)'); // one page: one WAL frame per commit
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const walFrames = () => (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0].log;
  const names = () => db.prepare<[], { name: string }>('SELECT name FROM rows ORDER BY name').all().map((r) => r.name);

  it('commits the writes asked for at once in one transaction, undoing only the rows of the one that threw', async () => {
    const commits = groupCommit(db, file);
    const insert = db.prepare('INSERT INTO rows (name) VALUES (?)');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const outcomes = await Promise.allSettled([
      commits.run(() => insert.run('a')),
      commits.run(() => {
        insert.run('b');
        throw new Error('refused after its first row');
      }),
      commits.run(() => insert.run('c').changes),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('refused after its first row'));
    expect(names()).toEqual(['a', 'c']);
    // One commit: the table's one page appended to the WAL once (separate commits would append it once each).
    expect(walFrames()).toBe(1);
    await commits.close();
  });

  it('runs the connection at synchronous=NORMAL: durability comes from its own fsync of the WAL', async () => {
    const commits = groupCommit(db, file);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // 1 = NORMAL
    await commits.run(() => db.prepare('INSERT INTO rows (name) VALUES (?)').run('x'));
    expect(names()).toEqual(['x']);
    await commits.close();
  });

  it('refuses writes after close, and close waits for the writes already asked for', async () => {
    const commits = groupCommit(db, file);
    const pending = commits.run(() => db.prepare('INSERT INTO rows (name) VALUES (?)').run('before-close'));
    await commits.close();
    await pending;
    expect(names()).toEqual(['before-close']);
    await expect(commits.run(() => 1)).rejects.toThrow('no write is taken after close()');
  });
});
