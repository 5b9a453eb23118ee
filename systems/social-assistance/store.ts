/**
 * The social assistance system's own tables: one row per case (a person may hold a subsistence
 * allowance case and a special-hardship case), the terminations it has recorded (its write log,
 * which tests count) and the Idempotency-Keys it has answered. A stopped case is read with the
 * reference its termination was recorded under, so a caller can tell its own stop from another's.
 */
import type { BenefitStatus } from '../../domain/residents';
import type { SqliteDatabase } from '../../platform/stores/sqlite';
import type { Population, SeedBenefit } from '../seed/population';

export const PROGRAMMES = ['SUBSISTENCE_ALLOWANCE', 'SPECIAL_HARDSHIP'] as const;
export type Programme = (typeof PROGRAMMES)[number];
export const TERMINATION_REASONS = ['DEATH', 'MOVED_OUT'] as const;
export type TerminationReason = (typeof TERMINATION_REASONS)[number];

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS cases (
  case_no        TEXT PRIMARY KEY,
  id_number      TEXT NOT NULL,
  programme      TEXT NOT NULL CHECK (programme IN ('SUBSISTENCE_ALLOWANCE', 'SPECIAL_HARDSHIP')),
  status         TEXT NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED', 'STOPPED')),
  monthly_amount REAL NOT NULL,
  since          TEXT NOT NULL,
  stopped_on     TEXT
);
CREATE INDEX IF NOT EXISTS cases_by_id_number ON cases (id_number);
CREATE TABLE IF NOT EXISTS terminations (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  case_no         TEXT NOT NULL REFERENCES cases (case_no),
  reason          TEXT NOT NULL,
  effective_date  TEXT NOT NULL,
  reference       TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  recorded_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS terminations_by_case ON terminations (case_no);
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key           TEXT PRIMARY KEY,
  fingerprint   TEXT NOT NULL,
  status        INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
`;

export interface CaseRow {
  case_no: string;
  id_number: string;
  programme: Programme;
  status: BenefitStatus;
  monthly_amount: number;
  since: string;
  stopped_on: string | null;
  /** The reference of the termination that stopped the case; null while it runs or when stopped before records began. */
  termination_reference: string | null;
}

// Case numbers as the department writes them: DB (低保) and TK (特困) with a running number.
const CASE_PREFIX: Record<Programme, string> = { SUBSISTENCE_ALLOWANCE: 'DB', SPECIAL_HARDSHIP: 'TK' };

/** Seeds the cases from each resident's socialAssistance section only. */
export function seedCases(db: SqliteDatabase, population: Population): void {
  const insert = db.prepare(
    'INSERT INTO cases (case_no, id_number, programme, status, monthly_amount, since, stopped_on) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const next: Record<Programme, number> = { SUBSISTENCE_ALLOWANCE: 0, SPECIAL_HARDSHIP: 0 };
  const add = (idNumber: string, programme: Programme, b: SeedBenefit | undefined) => {
    if (!b) return;
    const caseNo = `${CASE_PREFIX[programme]}${String(++next[programme]).padStart(6, '0')}`;
    insert.run(caseNo, idNumber, programme, b.status, b.monthlyAmount, b.since, b.stoppedOn);
  };
  for (const r of population.residents) {
    add(r.idNumber, 'SUBSISTENCE_ALLOWANCE', r.socialAssistance.subsistenceAllowance);
    add(r.idNumber, 'SPECIAL_HARDSHIP', r.socialAssistance.specialHardship);
  }
}

export interface TerminationRequest {
  reason: TerminationReason;
  effectiveDate: string;
  reference: string;
}

export type TerminationResult =
  | { outcome: 'TERMINATED'; case: CaseRow; terminationId: number }
  | { outcome: 'NOT_FOUND' }
  | { outcome: 'ALREADY_STOPPED'; case: CaseRow };

// The reference is derived from the write log rather than stored twice on the case.
const SELECT_CASES = `
SELECT c.*, CASE WHEN c.status = 'STOPPED' THEN
  (SELECT t.reference FROM terminations t WHERE t.case_no = c.case_no ORDER BY t.id DESC LIMIT 1)
END AS termination_reference
FROM cases c`;

export class CaseStore {
  private readonly byIdNumbers;
  private readonly byCaseNo;
  private readonly stop;
  private readonly logTermination;

  constructor(db: SqliteDatabase) {
    // One statement for any batch size: the ID numbers travel as one JSON array parameter.
    this.byIdNumbers = db.prepare<[string], CaseRow>(
      `${SELECT_CASES} WHERE c.id_number IN (SELECT value FROM json_each(?)) ORDER BY c.id_number, c.case_no`,
    );
    this.byCaseNo = db.prepare<[string], CaseRow>(`${SELECT_CASES} WHERE c.case_no = ?`);
    this.stop = db.prepare("UPDATE cases SET status = 'STOPPED', stopped_on = ? WHERE case_no = ?");
    this.logTermination = db.prepare(
      'INSERT INTO terminations (case_no, reason, effective_date, reference, idempotency_key, recorded_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  findByIdNumbers(idNumbers: readonly string[]): CaseRow[] {
    return this.byIdNumbers.all(JSON.stringify(idNumbers));
  }

  findCase(caseNo: string): CaseRow | undefined {
    return this.byCaseNo.get(caseNo);
  }

  /** Stops a case and logs the termination; call inside the caller's transaction. */
  terminate(caseNo: string, req: TerminationRequest, idempotencyKey: string): TerminationResult {
    const found = this.findCase(caseNo);
    if (!found) return { outcome: 'NOT_FOUND' };
    if (found.status === 'STOPPED') return { outcome: 'ALREADY_STOPPED', case: found };
    this.stop.run(req.effectiveDate, caseNo);
    const logged = this.logTermination.run(caseNo, req.reason, req.effectiveDate, req.reference, idempotencyKey, new Date().toISOString());
    return { outcome: 'TERMINATED', case: this.findCase(caseNo)!, terminationId: Number(logged.lastInsertRowid) };
  }
}
