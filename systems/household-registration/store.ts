/**
 * The household registration system's own tables: one registration per resident of the
 * district (registered, or cancelled with its reason and date), and the nonces the exchange has
 * accepted within its skew window (a replay is refused even across a restart).
 *
 * Seeded from the registry's side of the population: a death or a move the registry recorded is
 * a cancellation here too, dated a few days later (the police cancel after the family or the
 * registry tells them). The deaths only the health platform knows were never reported to the
 * police: those residents are still registered here. And the system has disagreements of its
 * own (see {@link plantedCancellations}).
 */
import type { SqliteDatabase } from '../../platform/stores/sqlite';
import { preparedStatements, type Prepared } from '../shared/statements';
import type { Population, SeedResident } from '../seed/population';
import type { WireCancelReason } from './wire';

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS registrations (
  id_number TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('1', '2')),
  cancel_reason TEXT CHECK (cancel_reason IN ('10', '20')),
  cancelled_on TEXT
);
CREATE INDEX IF NOT EXISTS registrations_by_cancel_date ON registrations (cancelled_on) WHERE cancelled_on IS NOT NULL;
CREATE TABLE IF NOT EXISTS seen_nonces (
  app_key TEXT NOT NULL,
  nonce TEXT NOT NULL,
  seen_at_ms INTEGER NOT NULL,
  PRIMARY KEY (app_key, nonce)
);
CREATE INDEX IF NOT EXISTS seen_nonces_by_time ON seen_nonces (seen_at_ms);
`;

/** A resident the police recorded dead whom the other systems still count alive (and one of them still pays). */
export interface PlantedCancellation {
  idNumber: string;
  reason: 'DEATH';
  cancelledOn: string;
  /** The subsistence allowance still paid, yuan per month. */
  monthlyAmount: number;
}

const PLANTED_DEATHS = 2;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The days between the registry's record and the police's cancellation: 3-14, fixed per person. */
const cancellationLag = (idNumber: string) => 3 + (Number(idNumber.slice(14, 17)) % 12);

function onlyPaysSubsistenceAllowance(p: SeedResident): boolean {
  const others = [p.socialAssistance.specialHardship, p.elderlyDisability.elderlySubsidy, p.elderlyDisability.disabilitySubsidy, p.socialInsurance.pension, p.health.familyPlanningAssistance];
  return p.socialAssistance.subsistenceAllowance?.status === 'ACTIVE' && others.every((b) => b === undefined || b.status !== 'ACTIVE');
}

/**
 * The system's own planted disagreements: residents whose registration the police cancelled for
 * death (a death certificate from outside the district reached them directly) while the registry
 * and the health platform still count them alive and social assistance still pays them.
 * Reconciliation finds them only through household registration. Deterministic: the same people
 * on every machine, none of them among the population's own planted disagreements.
 */
export function plantedCancellations(population: Population): PlantedCancellation[] {
  const planted = new Set(population.disagreements.map((d) => d.idNumber));
  const eligible = population.residents.filter((p) => p.registry.status === 'RESIDENT' && !p.health.deceased && !planted.has(p.idNumber) && onlyPaysSubsistenceAllowance(p));
  // Spread over the list rather than the first few, as the population's own plants are.
  return Array.from({ length: PLANTED_DEATHS }, (_, i) => eligible[Math.floor(((i + 1) * eligible.length) / (PLANTED_DEATHS + 1))]).map((p, i) => ({
    idNumber: p.idNumber,
    reason: 'DEATH',
    cancelledOn: addDays('2026-05-10', i * 41),
    monthlyAmount: p.socialAssistance.subsistenceAllowance!.monthlyAmount,
  }));
}

/** A resident's registration as the system records it (the seed; tests read their expectations from it too). */
export function registrationOf(p: SeedResident, own: ReadonlyMap<string, PlantedCancellation>): { status: '1' | '2'; reason: WireCancelReason | null; cancelledOn: string | null } {
  const planted = own.get(p.idNumber);
  if (planted) return { status: '2', reason: '10', cancelledOn: planted.cancelledOn };
  if (p.registry.status === 'RESIDENT') return { status: '1', reason: null, cancelledOn: null };
  return { status: '2', reason: p.registry.status === 'DECEASED' ? '10' : '20', cancelledOn: addDays(p.registry.statusSince!, cancellationLag(p.idNumber)) };
}

export function seedRegistrations(db: SqliteDatabase, population: Population): void {
  const insert = db.prepare('INSERT INTO registrations (id_number, status, cancel_reason, cancelled_on) VALUES (?, ?, ?, ?)');
  const own = new Map(plantedCancellations(population).map((c) => [c.idNumber, c]));
  for (const p of population.residents) {
    const { status, reason, cancelledOn } = registrationOf(p, own);
    insert.run(p.idNumber, status, reason, cancelledOn);
  }
}

export interface RegistrationRow {
  id_number: string;
  status: '1' | '2';
  cancel_reason: WireCancelReason | null;
  cancelled_on: string | null;
}

export class HouseholdRegistrationStore {
  private readonly sql: Prepared;

  constructor(db: SqliteDatabase) {
    this.sql = preparedStatements(db);
  }

  registrations(idNumbers: readonly string[]): RegistrationRow[] {
    return this.sql('SELECT * FROM registrations WHERE id_number IN (SELECT value FROM json_each(?)) ORDER BY id_number').all(JSON.stringify(idNumbers)) as RegistrationRow[];
  }

  /** Cancellations dated `from`..`to` (inclusive), in date then ID-number order so pages are stable. */
  cancellations(from: string, to: string, page: number, pageSize: number): { rows: RegistrationRow[]; total: number } {
    const where = "FROM registrations WHERE status = '2' AND cancelled_on BETWEEN ? AND ?";
    const { n } = this.sql(`SELECT COUNT(*) AS n ${where}`).get(from, to) as { n: number };
    const rows = this.sql(`SELECT * ${where} ORDER BY cancelled_on, id_number LIMIT ? OFFSET ?`).all(from, to, pageSize, (page - 1) * pageSize) as RegistrationRow[];
    return { rows, total: n };
  }

  /**
   * Records a nonce of an application; false when it was already seen within the window.
   * Nonces older than the window are forgotten: their timestamps are refused as stale anyway.
   */
  rememberNonce(appKey: string, nonce: string, nowMs: number, windowMs: number): boolean {
    this.sql('DELETE FROM seen_nonces WHERE seen_at_ms < ?').run(nowMs - windowMs);
    return this.sql('INSERT OR IGNORE INTO seen_nonces (app_key, nonce, seen_at_ms) VALUES (?, ?, ?)').run(appKey, nonce, nowMs).changes === 1;
  }
}
