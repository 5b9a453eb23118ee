/**
 * The elderly and disability subsidy system's own tables. Like many legacy systems it stores
 * a numeric status code (1 paying, 2 suspended, 3 stopped) and keeps a stop log: every stop it
 * has ever recorded, which tests count to prove a write happened exactly once. A stopped
 * subsidy is read with the reference its stop was logged under (the system has no idempotency,
 * so this is how a caller recognises its own earlier stop).
 */
import type { BenefitStatus } from '../../domain/residents';
import type { SqliteDatabase } from '../../platform/stores/sqlite';
import type { Population, SeedBenefit } from '../seed/population';

export const SUBSIDY_TYPES = ['ELDERLY', 'DISABILITY'] as const;
export type SubsidyType = (typeof SUBSIDY_TYPES)[number];
export const STOP_REASONS = ['DEATH', 'MOVED_OUT'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export const STATUS_CODES: Record<BenefitStatus, 1 | 2 | 3> = { ACTIVE: 1, SUSPENDED: 2, STOPPED: 3 };
const STOPPED = STATUS_CODES.STOPPED;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS subsidies (
  id_number      TEXT NOT NULL,
  subsidy_type   TEXT NOT NULL CHECK (subsidy_type IN ('ELDERLY', 'DISABILITY')),
  category       TEXT CHECK (category IN ('LIVING', 'NURSING', 'BOTH')),
  status_code    INTEGER NOT NULL CHECK (status_code IN (1, 2, 3)),
  monthly_amount REAL NOT NULL,
  start_date     TEXT NOT NULL,
  stop_date      TEXT,
  stop_reason    TEXT,
  PRIMARY KEY (id_number, subsidy_type)
);
CREATE TABLE IF NOT EXISTS stop_log (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  id_number    TEXT NOT NULL,
  subsidy_type TEXT NOT NULL,
  stop_date    TEXT NOT NULL,
  reason       TEXT NOT NULL,
  reference    TEXT NOT NULL,
  logged_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stop_log_by_subsidy ON stop_log (id_number, subsidy_type);
`;

export interface SubsidyRow {
  id_number: string;
  subsidy_type: SubsidyType;
  category: 'LIVING' | 'NURSING' | 'BOTH' | null;
  status_code: 1 | 2 | 3;
  monthly_amount: number;
  start_date: string;
  stop_date: string | null;
  /** The reference of the logged stop that stopped the subsidy; null while it pays or when stopped before the log began. */
  stop_reference: string | null;
}

// The reference is derived from the stop log rather than stored twice on the subsidy.
const SELECT_SUBSIDIES = `
SELECT s.*, CASE WHEN s.status_code = ${STOPPED} THEN
  (SELECT l.reference FROM stop_log l WHERE l.id_number = s.id_number AND l.subsidy_type = s.subsidy_type ORDER BY l.id DESC LIMIT 1)
END AS stop_reference
FROM subsidies s`;

/** Seeds from each resident's elderlyDisability section only. */
export function seedSubsidies(db: SqliteDatabase, population: Population): void {
  const insert = db.prepare(
    'INSERT INTO subsidies (id_number, subsidy_type, category, status_code, monthly_amount, start_date, stop_date) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const add = (idNumber: string, type: SubsidyType, b: SeedBenefit | undefined, category: string | null) => {
    if (b) insert.run(idNumber, type, category, STATUS_CODES[b.status], b.monthlyAmount, b.since, b.stoppedOn);
  };
  for (const r of population.residents) {
    const { elderlySubsidy, disabilitySubsidy } = r.elderlyDisability;
    add(r.idNumber, 'ELDERLY', elderlySubsidy, null);
    add(r.idNumber, 'DISABILITY', disabilitySubsidy, disabilitySubsidy?.category ?? null);
  }
}

export interface StopRequest {
  idNumber: string;
  subsidyType: SubsidyType;
  stopDate: string;
  reason: StopReason;
  reference: string;
}

export type StopResult = { outcome: 'STOPPED'; logId: number } | { outcome: 'NOT_ENROLLED' } | { outcome: 'ALREADY_STOPPED' };

export class SubsidyStore {
  private readonly byIdNumber;
  private readonly one;
  private readonly stopRow;
  private readonly log;

  constructor(private readonly db: SqliteDatabase) {
    this.byIdNumber = db.prepare<[string], SubsidyRow>(`${SELECT_SUBSIDIES} WHERE s.id_number = ? ORDER BY s.subsidy_type DESC`);
    this.one = db.prepare<[string, string], SubsidyRow>(`${SELECT_SUBSIDIES} WHERE s.id_number = ? AND s.subsidy_type = ?`);
    this.stopRow = db.prepare(`UPDATE subsidies SET status_code = ${STOPPED}, stop_date = ?, stop_reason = ? WHERE id_number = ? AND subsidy_type = ?`);
    this.log = db.prepare('INSERT INTO stop_log (id_number, subsidy_type, stop_date, reason, reference, logged_at) VALUES (?, ?, ?, ?, ?, ?)');
  }

  /** The person's subsidies, elderly first; empty when the system does not know them. */
  recordsOf(idNumber: string): SubsidyRow[] {
    return this.byIdNumber.all(idNumber);
  }

  /** Stops one subsidy. No idempotency here: a second stop is refused as ALREADY_STOPPED. */
  stop(req: StopRequest): StopResult {
    return this.db.transaction((): StopResult => {
      const row = this.one.get(req.idNumber, req.subsidyType);
      if (!row) return { outcome: 'NOT_ENROLLED' };
      if (row.status_code === STOPPED) return { outcome: 'ALREADY_STOPPED' };
      this.stopRow.run(req.stopDate, req.reason, req.idNumber, req.subsidyType);
      const logged = this.log.run(req.idNumber, req.subsidyType, req.stopDate, req.reason, req.reference, new Date().toISOString());
      return { outcome: 'STOPPED', logId: Number(logged.lastInsertRowid) };
    })();
  }
}
