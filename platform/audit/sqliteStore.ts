/**
 * The embedded audit log: a table in DATA_DIR/audit.sqlite, shared by every process on the
 * machine. An append is one IMMEDIATE transaction (the write lock is taken before the head is
 * read), so appends from several processes chain one after the other and never fork the chain.
 * Triggers refuse UPDATE and DELETE: the log is append-only for anyone using SQL normally, and
 * the hash chain shows it when someone goes around them.
 */
import { openSqlite, type SqliteDatabase } from '../stores/sqlite';
import { chainVerifier, EMPTY_HEAD, seal, type ChainHead } from './chain';
import { AuditUnavailableError, type AuditAction, type AuditRecord, type AuditStore } from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  seq         INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,               -- ISO timestamp, UTC
  request_id  TEXT NOT NULL,
  subject     TEXT NOT NULL,
  role        TEXT NOT NULL,
  purpose     TEXT,
  action      TEXT NOT NULL CHECK (action IN ('READ', 'INTAKE')),
  resident_id TEXT,                        -- citizen ID number (personal data: stays in this store)
  fields      TEXT NOT NULL,               -- JSON array of field names
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_resident ON audit_log (resident_id, seq);
CREATE INDEX IF NOT EXISTS audit_by_subject ON audit_log (subject, seq);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit_log (at);
-- The head the chain must reach: a removed newest record shows as a chain shorter than its head.
CREATE TABLE IF NOT EXISTS audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

interface Row {
  seq: number;
  at: string;
  request_id: string;
  subject: string;
  role: string;
  purpose: string | null;
  action: AuditAction;
  resident_id: string | null;
  fields: string;
  prev_hash: string;
  hash: string;
}

const toRecord = (r: Row): AuditRecord => ({
  seq: r.seq,
  at: r.at,
  requestId: r.request_id,
  subject: r.subject,
  role: r.role,
  purpose: r.purpose,
  action: r.action,
  residentId: r.resident_id,
  fields: JSON.parse(r.fields) as string[],
  prevHash: r.prev_hash,
  hash: r.hash,
});

// Result codes that mean "the database cannot take the write now" (or the file is damaged).
const UNAVAILABLE = /^SQLITE_/;
function unavailable(err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && UNAVAILABLE.test(code) ? new AuditUnavailableError(`SQLite ${code}`) : err;
}

/** Opens (creating when missing) the audit tables in a SQLite file. */
export function openAuditDatabase(file: string): SqliteDatabase {
  const db = openSqlite(file);
  db.exec(SCHEMA);
  return db;
}

const VERIFY_PAGE = 1000;

/** The audit log on a SQLite file (created with its folder if missing). */
export function createSqliteAuditStore(file: string): AuditStore {
  let db: SqliteDatabase;
  try {
    db = openAuditDatabase(file);
  } catch (err) {
    throw unavailable(err);
  }
  const sql = {
    head: db.prepare<[], ChainHead>('SELECT seq, hash FROM audit_head WHERE id = 1'),
    insert: db.prepare(
      `INSERT INTO audit_log (seq, at, request_id, subject, role, purpose, action, resident_id, fields, prev_hash, hash)
       VALUES (@seq, @at, @requestId, @subject, @role, @purpose, @action, @residentId, @fields, @prevHash, @hash)`,
    ),
    setHead: db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, @seq, @hash) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash'),
    page: db.prepare<[number, number], Row>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?'),
  };

  const append = db.transaction((entries: Parameters<AuditStore['append']>[0]) => {
    const records = seal(sql.head.get() ?? EMPTY_HEAD, entries, new Date().toISOString());
    for (const r of records) sql.insert.run({ ...r, fields: JSON.stringify(r.fields) });
    const last = records[records.length - 1];
    if (last) sql.setHead.run({ seq: last.seq, hash: last.hash });
    return records;
  });

  return {
    async append(entries) {
      if (entries.length === 0) return [];
      try {
        return append.immediate(entries);
      } catch (err) {
        throw unavailable(err);
      }
    },

    async query(filter) {
      const conditions = { residentId: 'resident_id = @residentId', subject: 'subject = @subject', from: 'at >= @from', to: 'at <= @to' } as const;
      const where: string[] = [];
      const params: Record<string, string | number> = { limit: filter.limit ?? 100 };
      for (const [key, condition] of Object.entries(conditions) as Array<[keyof typeof conditions, string]>) {
        const value = filter[key];
        if (value === undefined) continue;
        where.push(condition);
        params[key] = value;
      }
      const rows = db.prepare<Record<string, string | number>, Row>(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`).all(params);
      return rows.map(toRecord);
    },

    async verify(checkpoint) {
      const verifier = chainVerifier(checkpoint);
      // A read transaction: appends by other processes after it started do not tear the walk.
      return db.transaction(() => {
        let after = 0;
        for (;;) {
          const page = sql.page.all(after, VERIFY_PAGE).map(toRecord);
          const broken = verifier.check(page);
          if (broken) return broken;
          if (page.length < VERIFY_PAGE) break;
          after = page[page.length - 1].seq;
        }
        return verifier.done(sql.head.get()?.seq ?? 0);
      }).deferred();
    },

    async close() {
      if (db.open) db.close();
    },
  };
}
