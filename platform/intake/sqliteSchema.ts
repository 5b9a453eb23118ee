/**
 * The embedded intake database: one file shared by every process on the machine (the community
 * subgraph writes intakes, each department subgraph claims its systems' deliveries).
 * Times the queue compares (next_attempt_at, lease_until) are epoch milliseconds; times shown to
 * people (created_at, updated_at) are ISO strings.
 */
import { openSqlite, type SqliteDatabase } from '../stores/sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS intakes (
  id              TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  input_hash      TEXT NOT NULL,
  change          TEXT NOT NULL,            -- PopulationChange as JSON (personal data: never logged)
  community       TEXT NOT NULL,
  kind            TEXT NOT NULL,
  effective_date  TEXT NOT NULL,            -- YYYY-MM-DD
  reported_by     TEXT NOT NULL,
  created_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS intakes_by_date ON intakes (effective_date, created_at);
CREATE INDEX IF NOT EXISTS intakes_by_community ON intakes (community, effective_date);

-- One row per (intake, system): the delivery's state and, while PENDING, the outbox queue.
CREATE TABLE IF NOT EXISTS deliveries (
  intake_id       TEXT NOT NULL REFERENCES intakes (id),
  system          TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'NOT_APPLICABLE', 'FAILED', 'WITHDRAWN')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  next_attempt_at INTEGER NOT NULL,         -- due from (epoch ms)
  lease_owner     TEXT,                     -- the consumer holding the current claim
  lease_until     INTEGER,                  -- the claim's end (epoch ms); free again afterwards
  updated_at      TEXT NOT NULL,
  PRIMARY KEY (intake_id, system)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (system, status, next_attempt_at);

CREATE TABLE IF NOT EXISTS forms (
  id             TEXT PRIMARY KEY,          -- intake id + ':' + form type: one form of a type per intake
  intake_id      TEXT NOT NULL REFERENCES intakes (id),
  type           TEXT NOT NULL,
  department     TEXT NOT NULL,
  effective_date TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  payload        TEXT NOT NULL              -- JSON
);
CREATE INDEX IF NOT EXISTS forms_by_department ON forms (department, effective_date, created_at);
CREATE INDEX IF NOT EXISTS forms_by_intake ON forms (intake_id);
CREATE INDEX IF NOT EXISTS forms_made ON forms (department, created_at);

-- Up to when a department (or one community's workers: 'community:<code>') has seen its forms.
CREATE TABLE IF NOT EXISTS form_acknowledgements (
  scope  TEXT PRIMARY KEY,
  up_to  TEXT NOT NULL                      -- ISO timestamp: forms made after it are new
);

-- Deliveries written before their report was withdrawn: listed for their department until it
-- acknowledges reversing the write (the row is deleted then).
CREATE TABLE IF NOT EXISTS withdrawal_reversals (
  intake_id TEXT NOT NULL REFERENCES intakes (id),
  system    TEXT NOT NULL,
  since     INTEGER NOT NULL,               -- when the report was withdrawn (epoch ms)
  PRIMARY KEY (intake_id, system)
);
CREATE INDEX IF NOT EXISTS withdrawal_reversals_by_system ON withdrawal_reversals (system, since);

-- Forms a clerk marked handled.
CREATE TABLE IF NOT EXISTS form_handling (
  form_id    TEXT PRIMARY KEY,
  handled_at TEXT NOT NULL,
  handled_by TEXT NOT NULL
);
`;

/**
 * Columns added after the first release, added to an older file when it is opened: the review of
 * a report that awaits a worker's confirmation (NULL for one that needed none), the report's trace context.
 */
const ADDED_INTAKE_COLUMNS: Record<string, string> = {
  review_state: "TEXT CHECK (review_state IN ('UNCONFIRMED', 'CONFIRMED', 'REJECTED'))",
  reviewed_by: 'TEXT',
  reviewed_at: 'TEXT',
  review_reason: 'TEXT',
  held_systems: 'TEXT', // JSON list of the systems its deliveries go to once confirmed
  trace_parent: 'TEXT', // the report's W3C traceparent: its deliveries' spans link to that trace (NULL: not traced)
  withdrawn_at: 'TEXT', // set when a worker withdrew the report (NULL: not withdrawn)
  withdrawn_by: 'TEXT',
  withdrawal_reason: 'TEXT',
  awaiting_reversal: 'TEXT', // JSON list of the systems that wrote it and have not acknowledged reversing it
};

function columnsOf(db: SqliteDatabase, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
}

/**
 * A file made before reports could be withdrawn checks delivery statuses without WITHDRAWN; SQLite
 * cannot change a CHECK in place, so the table is copied into one that allows it (once).
 */
function allowWithdrawnDeliveries(db: SqliteDatabase): void {
  const table = db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'deliveries'").get();
  if (!table || table.sql.includes("'WITHDRAWN'")) return;
  db.exec(`ALTER TABLE deliveries RENAME TO deliveries_before_withdrawal;
    ${table.sql.replace("'FAILED')", "'FAILED', 'WITHDRAWN')")};
    INSERT INTO deliveries SELECT * FROM deliveries_before_withdrawal;
    DROP TABLE deliveries_before_withdrawal;
    CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (system, status, next_attempt_at);`);
}

function addMissingColumns(db: SqliteDatabase): void {
  const present = columnsOf(db, 'intakes');
  for (const [name, type] of Object.entries(ADDED_INTAKE_COLUMNS)) if (!present.has(name)) db.exec(`ALTER TABLE intakes ADD COLUMN ${name} ${type}`);
  db.exec('CREATE INDEX IF NOT EXISTS intakes_by_review ON intakes (community, review_state, created_at)');
  // A resident's intakes, for the claim's "no earlier delivery of this person PENDING" (the same
  // expression as the query, so SQLite uses it); it holds nothing the change column does not.
  db.exec("CREATE INDEX IF NOT EXISTS intakes_by_resident ON intakes (json_extract(change, '$.idNumber'))");
  // Since when a delivery has waited (epoch ms): set when it becomes due, and again by an operator's retry.
  // An older file's unsettled deliveries take their due time, the closest thing it recorded.
  if (!columnsOf(db, 'deliveries').has('pending_since')) {
    db.exec('ALTER TABLE deliveries ADD COLUMN pending_since INTEGER');
    db.exec("UPDATE deliveries SET pending_since = next_attempt_at WHERE status IN ('PENDING', 'FAILED')");
  }
}

/** Opens (and creates if needed) the intake database: WAL, synchronous=FULL, busy timeout (the store then runs NORMAL behind its group commit, platform/stores/groupCommit.ts). */
export function openIntakeDatabase(file: string): SqliteDatabase {
  const db = openSqlite(file);
  // IMMEDIATE: two processes creating the schema at once wait for each other instead of failing.
  db.transaction(() => {
    db.exec(SCHEMA);
    addMissingColumns(db);
    allowWithdrawnDeliveries(db);
  }).immediate();
  return db;
}
