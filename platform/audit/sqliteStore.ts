/**
 * The embedded audit log: tables in DATA_DIR/audit.sqlite (sqliteSchema.ts), shared by every
 * process on the machine. Appends go to the writer thread (group commit, one fsync per batch,
 * off the event loop); queries and verification read through this thread's own connection
 * (WAL: readers never wait for the writer).
 */
import type { SqliteDatabase } from '../stores/sqlite';
import { chainVerifier, residentsOf } from './chain';
import { chainBase, chainHead, openAuditDatabase, toRecord, type AuditRow } from './sqliteSchema';
import { sqliteAuditWriter } from './sqliteWriter';
import { AuditUnavailableError, type AuditRecord, type AuditStore, type AuditVerification } from './types';

// Result codes that mean "the database cannot take the write now" (or the file is damaged).
const UNAVAILABLE = /^SQLITE_/;
function unavailable(err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && UNAVAILABLE.test(code) ? new AuditUnavailableError(`SQLite ${code}`) : err;
}

const VERIFY_PAGE = 1000;

/** Null when the resident index names exactly the residents of `page`; else the verdict's reason. */
function indexProblem(db: SqliteDatabase, page: readonly AuditRecord[]): { seq: number; reason: string } | null {
  if (page.length === 0) return null;
  const rows = db.prepare<[number, number], { resident_key: string; record_seq: number }>('SELECT resident_key, record_seq FROM audit_resident WHERE record_seq BETWEEN ? AND ?').all(page[0].seq, page[page.length - 1].seq);
  const indexed = new Map<number, Set<string>>();
  for (const row of rows) {
    let set = indexed.get(row.record_seq);
    if (!set) indexed.set(row.record_seq, (set = new Set()));
    set.add(row.resident_key);
  }
  for (const r of page) {
    const expected = residentsOf(r);
    const actual = indexed.get(r.seq) ?? new Set<string>();
    if (actual.size !== expected.length || expected.some((id) => !actual.has(id))) {
      return { seq: r.seq, reason: `the resident index of record ${r.seq} does not name the residents the record does` };
    }
    indexed.delete(r.seq);
  }
  const stray = [...indexed.keys()][0];
  return stray === undefined ? null : { seq: stray, reason: `the resident index names record ${stray}, which is not in the log` };
}

/** The audit log on a SQLite file (created with its folder if missing). */
export function createSqliteAuditStore(file: string): AuditStore {
  let db: SqliteDatabase;
  try {
    db = openAuditDatabase(file);
  } catch (err) {
    throw unavailable(err);
  }
  const writer = sqliteAuditWriter(file);
  const page = db.prepare<[number, number], AuditRow>('SELECT * FROM audit_record WHERE seq > ? ORDER BY seq LIMIT ?');

  return {
    async append(entries) {
      if (entries.length === 0) return [];
      return writer.append(entries);
    },

    async query(filter) {
      const conditions = {
        residentId: 'seq IN (SELECT record_seq FROM audit_resident WHERE resident_key = @residentId)',
        subject: 'subject = @subject',
        from: 'at >= @from',
        to: 'at <= @to',
      } as const;
      const where: string[] = [];
      const params: Record<string, string | number> = { limit: filter.limit ?? 100 };
      for (const [key, condition] of Object.entries(conditions) as Array<[keyof typeof conditions, string]>) {
        const value = filter[key];
        if (value === undefined) continue;
        where.push(condition);
        params[key] = value;
      }
      try {
        const rows = db.prepare<Record<string, string | number>, AuditRow>(`SELECT * FROM audit_record ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`).all(params);
        return rows.map(toRecord);
      } catch (err) {
        throw unavailable(err);
      }
    },

    async verify(checkpoint) {
      // A read transaction: appends by other processes after it started do not tear the walk.
      return db.transaction((): AuditVerification => {
        const base = chainBase(db);
        const verifier = chainVerifier(checkpoint, base);
        let after = base.seq;
        for (;;) {
          const records = page.all(after, VERIFY_PAGE).map(toRecord);
          const broken = verifier.check(records);
          if (broken) return broken;
          const index = indexProblem(db, records);
          if (index) return { ...verifier.done(records[records.length - 1].seq), valid: false, brokenAt: index.seq, reason: index.reason };
          if (records.length < VERIFY_PAGE) break;
          after = records[records.length - 1].seq;
        }
        return verifier.done(chainHead(db).seq);
      }).deferred();
    },

    async close() {
      await writer.close();
      if (db.open) db.close();
    },
  };
}
