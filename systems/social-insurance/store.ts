/**
 * The social insurance system's own SQLite tables: insured persons with their pension, funeral
 * grant / survivor pension claims, the serial numbers of writes already answered (idempotency),
 * and an audit row per write that changed something (what tests count). A person is read with
 * the reference of the stop that terminated their pension and with their claims, so a caller can
 * tell its own earlier write from someone else's.
 */
import type { SqliteDatabase } from '../../platform/stores/sqlite';
import { preparedStatements, type Prepared } from '../shared/statements';
import type { Population } from '../seed/population';
import { PAY_STATUS, PENSION_TYPE, type WireClaim, type WireInsuredPerson, type WirePayStatus, type WirePensionType } from './wire';

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS insured_persons (
  id_number TEXT PRIMARY KEY,
  insured INTEGER NOT NULL,
  pension_type TEXT,
  pay_status TEXT,
  monthly_amount_fen INTEGER,
  start_date TEXT,
  end_date TEXT,
  end_reason TEXT
);
CREATE TABLE IF NOT EXISTS claims (
  claim_id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  id_number TEXT NOT NULL,
  death_date TEXT NOT NULL,
  reference TEXT NOT NULL,
  received_at TEXT NOT NULL,
  UNIQUE (id_number, type)
);
CREATE TABLE IF NOT EXISTS serials (
  serial_no TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  answered_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS writes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  id_number TEXT NOT NULL,
  serial_no TEXT NOT NULL,
  reference TEXT NOT NULL,
  written_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS writes_by_person ON writes (id_number, kind);
`;

interface PersonRow {
  id_number: string;
  insured: number;
  pension_type: WirePensionType | null;
  pay_status: WirePayStatus | null;
  monthly_amount_fen: number | null;
  start_date: string | null;
  end_date: string | null;
  end_reason: string | null;
  /** The reference of the audited stop that terminated the pension; null while it pays or when stopped before the audit began. */
  end_reference: string | null;
}

interface ClaimRow {
  claim_id: string;
  type: string;
  id_number: string;
  death_date: string;
  reference: string;
  received_at: string;
}

// The stop reference is derived from the audit of writes rather than stored twice on the person.
const SELECT_PERSONS = `
SELECT p.*, CASE WHEN p.pay_status = 'TERMINATED' THEN
  (SELECT w.reference FROM writes w WHERE w.id_number = p.id_number AND w.kind = 'PENSION_STOP' ORDER BY w.id DESC LIMIT 1)
END AS end_reference
FROM insured_persons p`;

/** Only people the system knows: insured at some time, or drawing a pension. */
export function seedSocialInsurance(db: SqliteDatabase, population: Population): void {
  const insert = db.prepare(
    `INSERT INTO insured_persons (id_number, insured, pension_type, pay_status, monthly_amount_fen, start_date, end_date, end_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of population.residents) {
    const { insured, pension } = r.socialInsurance;
    if (!insured && !pension) continue;
    insert.run(
      r.idNumber,
      insured ? 1 : 0,
      pension ? PENSION_TYPE[pension.kind] : null,
      pension ? PAY_STATUS[pension.status] : null,
      pension ? Math.round(pension.monthlyAmount * 100) : null,
      pension?.since ?? null,
      pension?.stoppedOn ?? null,
      pension?.stoppedOn ? 'HISTORY' : null,
    );
  }
}

function toWireClaim(row: ClaimRow): WireClaim {
  return { claimId: row.claim_id, type: row.type, idNumber: row.id_number, deathDate: row.death_date, status: 'RECEIVED', reference: row.reference, receivedAt: row.received_at };
}

function toWire(row: PersonRow, claims: WireClaim[]): WireInsuredPerson {
  return {
    idNumber: row.id_number,
    insured: row.insured === 1,
    pension: row.pension_type
      ? {
          type: row.pension_type,
          payStatus: row.pay_status!,
          monthlyAmountFen: row.monthly_amount_fen!,
          startDate: row.start_date!,
          endDate: row.end_date,
          endReason: row.end_reason,
          endReference: row.end_reference,
        }
      : null,
    claims,
  };
}

export interface WriteAudit {
  kind: 'PENSION_STOP' | 'CLAIM_FILED';
  idNumber: string;
  serialNo: string;
  reference: string;
}

export class SocialInsuranceStore {
  private readonly sql: Prepared;

  constructor(readonly db: SqliteDatabase) {
    this.sql = preparedStatements(db);
  }

  /** One page of the persons among `idNumbers`, in ID-number order so pages are stable. */
  page(idNumbers: readonly string[], page: number, pageSize: number): { items: WireInsuredPerson[]; totalItems: number } {
    const ids = JSON.stringify(idNumbers);
    const { n } = this.sql('SELECT COUNT(*) AS n FROM insured_persons WHERE id_number IN (SELECT value FROM json_each(?))').get(ids) as { n: number };
    const rows = this.sql(`${SELECT_PERSONS} WHERE p.id_number IN (SELECT value FROM json_each(?)) ORDER BY p.id_number LIMIT ? OFFSET ?`)
      .all(ids, pageSize, (page - 1) * pageSize) as PersonRow[];
    return { items: this.withClaims(rows), totalItems: n };
  }

  person(idNumber: string): WireInsuredPerson | null {
    const row = this.sql(`${SELECT_PERSONS} WHERE p.id_number = ?`).get(idNumber) as PersonRow | undefined;
    return row ? this.withClaims([row])[0] : null;
  }

  /** The rows as wire items, each with its claims: one claims query for the whole page. */
  private withClaims(rows: PersonRow[]): WireInsuredPerson[] {
    const claims = this.sql('SELECT * FROM claims WHERE id_number IN (SELECT value FROM json_each(?)) ORDER BY received_at, claim_id')
      .all(JSON.stringify(rows.map((r) => r.id_number))) as ClaimRow[];
    return rows.map((row) => toWire(row, claims.filter((c) => c.id_number === row.id_number).map(toWireClaim)));
  }

  terminatePension(idNumber: string, endDate: string, reason: string): void {
    this.sql(`UPDATE insured_persons SET pay_status = 'TERMINATED', end_date = ?, end_reason = ? WHERE id_number = ?`).run(endDate, reason, idNumber);
  }

  claimOf(idNumber: string, type: string): { claim_id: string } | undefined {
    return this.sql('SELECT claim_id FROM claims WHERE id_number = ? AND type = ?').get(idNumber, type) as { claim_id: string } | undefined;
  }

  insertClaim(claim: { claimId: string; type: string; idNumber: string; deathDate: string; reference: string; receivedAt: string }): void {
    this.sql('INSERT INTO claims (claim_id, type, id_number, death_date, reference, received_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(claim.claimId, claim.type, claim.idNumber, claim.deathDate, claim.reference, claim.receivedAt);
  }

  nextClaimNumber(): number {
    const { n } = this.sql('SELECT COUNT(*) AS n FROM claims').get() as { n: number };
    return n + 1;
  }

  audit(write: WriteAudit): void {
    this.sql('INSERT INTO writes (kind, id_number, serial_no, reference, written_at) VALUES (?, ?, ?, ?, ?)')
      .run(write.kind, write.idNumber, write.serialNo, write.reference, new Date().toISOString());
  }

  answered(serialNo: string): { request_hash: string; status: number; body: string } | undefined {
    return this.sql('SELECT request_hash, status, body FROM serials WHERE serial_no = ?').get(serialNo) as
      | { request_hash: string; status: number; body: string }
      | undefined;
  }

  remember(serialNo: string, requestHash: string, status: number, body: string): void {
    this.sql('INSERT INTO serials (serial_no, request_hash, status, body, answered_at) VALUES (?, ?, ?, ?, ?)').run(serialNo, requestHash, status, body, new Date().toISOString());
  }
}
