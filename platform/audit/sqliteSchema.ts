/**
 * The embedded audit log's tables, shared by the writer thread (appends) and the store (reads,
 * verification, archiving). One row per request and service in audit_record, its reads grouped
 * as JSON; audit_resident indexes them by resident, so a query by resident is an index lookup.
 * The index is not hashed (it is derived from the hashed reads); verification checks that it
 * names exactly the residents the records do. Triggers refuse UPDATE, and DELETE of anything
 * not yet archived: the log is append-only for anyone using SQL normally, and the hash chain
 * shows it when someone goes around them.
 */
import { openSqlite, type SqliteDatabase } from '../stores/sqlite';
import { EMPTY_HEAD, residentsOf, seal, type ChainHead } from './chain';
import type { AuditAction, AuditEntry, AuditReadGroup, AuditRecord } from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_record (
  seq         INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,               -- ISO timestamp, UTC
  request_id  TEXT NOT NULL,
  subject     TEXT NOT NULL,
  role        TEXT NOT NULL,
  purpose     TEXT,
  action      TEXT NOT NULL CHECK (action IN ('READ', 'INTAKE')),
  reads       TEXT NOT NULL,               -- JSON [{fields, residents}] (ID numbers: personal data, stays in this store)
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_record_by_subject ON audit_record (subject, seq);
CREATE INDEX IF NOT EXISTS audit_record_by_time ON audit_record (at);
-- Which records read a resident: WITHOUT ROWID, so each row is stored once, in the key's B-tree.
CREATE TABLE IF NOT EXISTS audit_resident (
  resident_key TEXT NOT NULL,
  record_seq   INTEGER NOT NULL,
  PRIMARY KEY (resident_key, record_seq)
) WITHOUT ROWID;
-- The head the chain must reach: a removed newest record shows as a chain shorter than its head.
CREATE TABLE IF NOT EXISTS audit_record_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL
);
-- The last archived record: the live chain continues from it (npm run audit:archive).
CREATE TABLE IF NOT EXISTS audit_record_base (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_record_no_update BEFORE UPDATE ON audit_record
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_record_no_delete BEFORE DELETE ON audit_record
WHEN OLD.seq > COALESCE((SELECT seq FROM audit_record_base WHERE id = 1), 0)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (only archived records are removed)'); END;
`;

export interface AuditRow {
  seq: number;
  at: string;
  request_id: string;
  subject: string;
  role: string;
  purpose: string | null;
  action: AuditAction;
  reads: string;
  prev_hash: string;
  hash: string;
}

export const toRecord = (r: AuditRow): AuditRecord => ({
  seq: r.seq,
  at: r.at,
  requestId: r.request_id,
  subject: r.subject,
  role: r.role,
  purpose: r.purpose,
  action: r.action,
  reads: JSON.parse(r.reads) as AuditReadGroup[],
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** Opens (creating when missing) the audit tables in a SQLite file. */
export function openAuditDatabase(file: string): SqliteDatabase {
  const db = openSqlite(file);
  db.exec(SCHEMA);
  return db;
}

/** Where the live chain starts: the last archived record, or the genesis. */
export function chainBase(db: SqliteDatabase): ChainHead {
  return db.prepare<[], ChainHead>('SELECT seq, hash FROM audit_record_base WHERE id = 1').get() ?? EMPTY_HEAD;
}

export function chainHead(db: SqliteDatabase): ChainHead {
  return db.prepare<[], ChainHead>('SELECT seq, hash FROM audit_record_head WHERE id = 1').get() ?? chainBase(db);
}

/**
 * The appender: one IMMEDIATE transaction (the write lock taken before the head is read, so
 * appends from several processes chain one after the other) for a whole batch of requests'
 * entries; one result list per request.
 */
export function batchAppender(db: SqliteDatabase): (batch: ReadonlyArray<readonly AuditEntry[]>) => AuditRecord[][] {
  const insert = db.prepare(
    `INSERT INTO audit_record (seq, at, request_id, subject, role, purpose, action, reads, prev_hash, hash)
     VALUES (@seq, @at, @requestId, @subject, @role, @purpose, @action, @reads, @prevHash, @hash)`,
  );
  const index = db.prepare('INSERT INTO audit_resident (resident_key, record_seq) VALUES (?, ?)');
  const setHead = db.prepare('INSERT INTO audit_record_head (id, seq, hash) VALUES (1, @seq, @hash) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash');
  const append = db.transaction((batch: ReadonlyArray<readonly AuditEntry[]>) => {
    const at = new Date().toISOString();
    let head = chainHead(db);
    return batch.map((entries) => {
      const records = seal(head, entries, at);
      for (const r of records) {
        insert.run({ ...r, reads: JSON.stringify(r.reads) });
        for (const resident of residentsOf(r)) index.run(resident, r.seq);
      }
      head = records[records.length - 1] ?? head;
      setHead.run({ seq: head.seq, hash: head.hash });
      return records;
    });
  });
  return (batch) => append.immediate(batch);
}
