/**
 * Retention (npm run audit:archive): the records older than the cut-off move, oldest first and in
 * chunks, into signed archive files (archiveFiles.ts); only once a chunk's files are on disk are
 * its records and their index entries removed from the live log, whose chain then starts at the
 * chunk's last record (the base). A run cut short leaves either nothing or a whole archive whose
 * records are still live: the next run sees that and finishes the removal.
 */
import { join } from 'node:path';
import type { SqliteDatabase } from '../stores/sqlite';
import type { ArchivableLog } from './archivableLog';
import { chainVerifier, type ChainHead } from './chain';
import { readCheckpoints, verifyArchives, writeArchive, type ArchivesVerdict } from './archiveFiles';
import { chainBase, openAuditDatabase, toRecord, type AuditRow } from './sqliteSchema';
import { redisArchivableLog } from './redisArchive';

/** Records per archive file: one chunk is read, written and removed at a time. */
const CHUNK = 10_000;

export interface ArchiveRun {
  archives: number;
  records: number;
}

export async function archiveOlderThan(log: ArchivableLog, dir: string, key: Buffer, before: string): Promise<ArchiveRun> {
  let base = await log.base();
  const run: ArchiveRun = { archives: 0, records: 0 };
  // A previous run stopped after writing an archive and before removing its records: finish it.
  const interrupted = readCheckpoints(dir).find((c) => c.firstSeq === base.seq + 1);
  if (interrupted) {
    const verdict = verifyArchives(dir, key, { seq: interrupted.lastSeq, hash: interrupted.lastHash });
    if (!verdict.valid) throw new Error(`the archives do not verify, nothing was removed: ${verdict.reason}`);
    base = { seq: interrupted.lastSeq, hash: interrupted.lastHash };
    await log.dropThrough(base);
  }
  for (;;) {
    const records = await log.olderThan(base.seq, before, CHUNK);
    if (records.length === 0) return run;
    // Never archive (and remove) records whose chain does not hold: the evidence would be lost.
    const verifier = chainVerifier(undefined, base);
    const broken = verifier.check(records);
    if (broken) throw new Error(`the live log is broken at record ${broken.brokenAt} (${broken.reason}); nothing was archived from there`);
    const checkpoint = writeArchive(dir, key, base, records);
    base = { seq: checkpoint.lastSeq, hash: checkpoint.lastHash };
    await log.dropThrough(base);
    run.archives++;
    run.records += records.length;
  }
}

/** The archives and the live log's base, checked together (audit:verify). */
export async function verifyArchivesOf(log: ArchivableLog, dir: string, key: Buffer): Promise<ArchivesVerdict> {
  return verifyArchives(dir, key, await log.base());
}

/** The embedded log (DATA_DIR/audit.sqlite) for archiving, on its own connection. */
export function sqliteArchivableLog(file: string): ArchivableLog {
  const db: SqliteDatabase = openAuditDatabase(file);
  const older = db.prepare<[number, number], AuditRow>('SELECT * FROM audit_record WHERE seq > ? ORDER BY seq LIMIT ?');
  const setBase = db.prepare('INSERT INTO audit_record_base (id, seq, hash) VALUES (1, @seq, @hash) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash');
  const dropIndex = db.prepare('DELETE FROM audit_resident WHERE record_seq <= ?');
  const dropRecords = db.prepare('DELETE FROM audit_record WHERE seq <= ?');
  // The base moves first: the delete trigger lets only records at or before it go.
  const drop = db.transaction((through: ChainHead) => {
    setBase.run({ seq: through.seq, hash: through.hash });
    dropIndex.run(through.seq);
    dropRecords.run(through.seq);
  });
  return {
    base: async () => chainBase(db),
    async olderThan(after, before, limit) {
      const records = older.all(after, limit).map(toRecord);
      const newer = records.findIndex((r) => r.at >= before);
      return newer === -1 ? records : records.slice(0, newer);
    },
    dropThrough: async (through) => void drop.immediate(through),
    close: async () => void db.close(),
  };
}

/** The log the services write, as REDIS_URL / REDIS_PREFIX / DATA_DIR say. */
export function archivableLog(where: { DATA_DIR: string; REDIS_URL?: string; REDIS_PREFIX?: string }): ArchivableLog {
  return where.REDIS_URL ? redisArchivableLog(where.REDIS_URL, where.REDIS_PREFIX) : sqliteArchivableLog(join(where.DATA_DIR, 'audit.sqlite'));
}
