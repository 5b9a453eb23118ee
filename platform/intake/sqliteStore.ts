/**
 * The embedded intake store (one machine, `npm start`): SQLite in WAL mode. Several processes
 * open the same file; every write is one IMMEDIATE transaction (the write lock is taken up front,
 * so a read-then-write never races another process) and waits out the busy timeout.
 * A claim is a single UPDATE ... RETURNING that leases due rows to one consumer; the claim token
 * is the attempt number plus the consumer, so a stale claim no longer matches its row.
 * Wake-ups (sqliteSignals.ts): storing due deliveries raises 'due' for the workers, an intake's
 * last delivery settling raises 'settled' for the mutation waiting on it; both after the commit.
 * Writes someone is told about (a report stored, a delivery's outcome) go through a group commit
 * (platform/stores/groupCommit.ts): one transaction and one WAL fsync, off the event loop, for all
 * those asked for at once, each resolved only once durable; each in a savepoint of its own.
 * Claims and lease renewals are not waited on by anyone: lost in a power cut, the delivery is
 * simply claimable again.
 */
import type { FormType } from '../../domain/forms';
import type { PopulationChange } from '../../domain/populationChange';
import type { DateRange } from '../../domain/period';
import type { FormDate } from '../../domain/formsQuery';
import type { Department, SystemName } from '../../domain/systems';
import { groupCommit } from '../stores/groupCommit';
import { checkNewIntake } from './newIntakeCheck';
import { sqliteFormMarks } from './sqliteFormMarks';
import { openIntakeDatabase } from './sqliteSchema';
import { fileSignals } from './sqliteSignals';
import { formIdOf, instantsOf, newIntakeId, storedTraceParent } from './records';
import {
  intakeStatus,
  StoreUnavailableError,
  type AttentionScope,
  type ClaimedDelivery,
  type CreateResult,
  type Delivery,
  type DeliveryStatus,
  type Form,
  type Intake,
  type IntakeStore,
  type NewForm,
  type NewIntake,
  type ReviewState,
} from './types';

interface IntakeRow {
  id: string;
  idempotency_key: string;
  input_hash: string;
  change: string;
  reported_by: string;
  created_at: string;
  review_state: ReviewState | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_reason: string | null;
  trace_parent: string | null;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawal_reason: string | null;
  awaiting_reversal: string | null;
}
interface DeliveryRow {
  intake_id: string;
  system: SystemName;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  updated_at: string;
}
interface FormRow {
  id: string;
  intake_id: string;
  type: FormType;
  department: Department;
  effective_date: string;
  created_at: string;
  payload: string;
}

const toIntake = (r: IntakeRow): Intake => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  inputHash: r.input_hash,
  change: JSON.parse(r.change) as PopulationChange,
  reportedBy: r.reported_by,
  createdAt: r.created_at,
  ...(r.review_state && { review: { state: r.review_state, by: r.reviewed_by, at: r.reviewed_at, reason: r.review_reason } }),
  ...(r.trace_parent && { traceParent: r.trace_parent }),
  ...(r.withdrawn_at && {
    withdrawal: { reason: r.withdrawal_reason ?? '', by: r.withdrawn_by ?? '', at: r.withdrawn_at, awaitingReversal: JSON.parse(r.awaiting_reversal ?? '[]') as SystemName[] },
  }),
});
const toDelivery = (r: DeliveryRow): Delivery => ({
  intakeId: r.intake_id,
  system: r.system,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  updatedAt: r.updated_at,
});
const toForm = (r: FormRow): Form => ({
  id: r.id,
  intakeId: r.intake_id,
  type: r.type,
  department: r.department,
  effectiveDate: r.effective_date,
  createdAt: r.created_at,
  payload: JSON.parse(r.payload) as Record<string, unknown>,
});

const DELIVERY_COLUMNS = 'intake_id, system, status, attempts, last_error, updated_at';
const ATTENTION_COLUMNS = 'i.*, d.intake_id, d.system, d.status, d.attempts, d.last_error, d.updated_at, d.pending_since';
const CLEAR_LEASE = 'lease_owner = NULL, lease_until = NULL';
// The claim the caller holds is still the current one: same attempt, same consumer, not finished.
const CURRENT_CLAIM = "intake_id = @intakeId AND system = @system AND status = 'PENDING' AND attempts = @attempts AND lease_owner = @owner";

function claimTokenOf(attempts: number, consumer: string): string {
  return `${attempts}:${consumer}`;
}
function parseClaim(claim: ClaimedDelivery) {
  const cut = claim.claimToken.indexOf(':');
  return { intakeId: claim.delivery.intakeId, system: claim.delivery.system, attempts: Number(claim.claimToken.slice(0, cut)), owner: claim.claimToken.slice(cut + 1) };
}

// SQLite result codes that mean "the database cannot take the write now", not "the write is wrong".
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|PROTOCOL|NOTADB|CORRUPT)/;
function unavailable(err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && UNAVAILABLE.test(code) ? new StoreUnavailableError(`SQLite ${code}`) : err;
}

/** The intake store on a SQLite file (created with its folder if missing). */
export function createSqliteIntakeStore(file: string): IntakeStore {
  const db = openIntakeDatabase(file);
  const sql = {
    intakeByKey: db.prepare<[string], IntakeRow>('SELECT * FROM intakes WHERE idempotency_key = ?'),
    intakeById: db.prepare<[string], IntakeRow>('SELECT * FROM intakes WHERE id = ?'),
    insertIntake: db.prepare(
      `INSERT INTO intakes (id, idempotency_key, input_hash, change, community, kind, effective_date, reported_by, created_at, review_state, held_systems, trace_parent)
       VALUES (@id, @key, @inputHash, @change, @community, @kind, @effectiveDate, @reportedBy, @createdAt, @reviewState, @heldSystems, @traceParent)`,
    ),
    insertDelivery: db.prepare(
      `INSERT INTO deliveries (intake_id, system, status, attempts, next_attempt_at, pending_since, updated_at)
       VALUES (?, ?, 'PENDING', 0, ?, ?, ?)`,
    ),
    deliveriesOf: db.prepare<[string], DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE intake_id = ? ORDER BY rowid`),
    formsOf: db.prepare<[string], FormRow>('SELECT * FROM forms WHERE intake_id = ? ORDER BY created_at, id'),
    claim: db.prepare<{ system: string; consumer: string; now: number; leaseUntil: number; limit: number; nowIso: string }, DeliveryRow>(
      `UPDATE deliveries
          SET lease_owner = @consumer, lease_until = @leaseUntil, attempts = attempts + 1, updated_at = @nowIso
        WHERE rowid IN (
          SELECT d.rowid FROM deliveries d JOIN intakes i ON i.id = d.intake_id
           WHERE d.system = @system AND d.status = 'PENDING' AND d.next_attempt_at <= @now
             AND (d.lease_until IS NULL OR d.lease_until <= @now)
             -- A resident's deliveries to one system go one at a time, in the order stored: not
             -- while an earlier one for the same person is still PENDING (in progress or retrying).
             -- CROSS JOIN fixes the order: the person's intakes by index, then each one's delivery by key.
             AND NOT EXISTS (
               SELECT 1 FROM intakes j CROSS JOIN deliveries e ON e.intake_id = j.id AND e.system = d.system
                WHERE json_extract(j.change, '$.idNumber') = json_extract(i.change, '$.idNumber')
                  AND e.status = 'PENDING' AND e.rowid < d.rowid)
           ORDER BY d.next_attempt_at, d.rowid
           LIMIT @limit)
      RETURNING ${DELIVERY_COLUMNS}`,
    ),
    renew: db.prepare(`UPDATE deliveries SET lease_until = @leaseUntil WHERE ${CURRENT_CLAIM}`),
    complete: db.prepare(`UPDATE deliveries SET status = @status, ${CLEAR_LEASE}, updated_at = @nowIso WHERE ${CURRENT_CLAIM}`),
    retryLater: db.prepare(
      `UPDATE deliveries SET last_error = @error, next_attempt_at = @retryAt, ${CLEAR_LEASE}, updated_at = @nowIso WHERE ${CURRENT_CLAIM}`,
    ),
    deadLetter: db.prepare(`UPDATE deliveries SET status = 'FAILED', last_error = @error, ${CLEAR_LEASE}, updated_at = @nowIso WHERE ${CURRENT_CLAIM}`),
    retryFailed: db.prepare(
      `UPDATE deliveries SET status = 'PENDING', attempts = 0, next_attempt_at = @now, pending_since = @now, ${CLEAR_LEASE}, updated_at = @nowIso
        WHERE intake_id = @intakeId AND system = @system AND status = 'FAILED'`,
    ),
    stillPending: db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM deliveries WHERE intake_id = ? AND status = 'PENDING'"),
    // Of the intakes waited on (a JSON array of ids), those that still have a PENDING delivery.
    pendingAmong: db.prepare<[string], { intake_id: string }>(
      "SELECT DISTINCT intake_id FROM deliveries WHERE status = 'PENDING' AND intake_id IN (SELECT value FROM json_each(?))",
    ),
    // A PENDING delivery is claimable once its retry time and its lease's end have both passed.
    nextDue: db.prepare<{ system: string; now: number }, { at: number | null }>(
      `SELECT MIN(due) AS at FROM (SELECT MAX(next_attempt_at, COALESCE(lease_until, 0)) AS due FROM deliveries WHERE system = @system AND status = 'PENDING')
        WHERE due > @now`,
    ),
    heldSystems: db.prepare<[string], { held_systems: string }>("SELECT held_systems FROM intakes WHERE id = ? AND review_state = 'UNCONFIRMED' AND withdrawn_at IS NULL"),
    withdraw: db.prepare(
      `UPDATE intakes SET withdrawn_at = @nowIso, withdrawn_by = @by, withdrawal_reason = @reason, awaiting_reversal = @awaiting
        WHERE id = @id AND withdrawn_at IS NULL`,
    ),
    // Every delivery not yet written: a claim held on it now goes stale (CURRENT_CLAIM wants PENDING).
    withdrawUnwritten: db.prepare(
      `UPDATE deliveries SET status = 'WITHDRAWN', ${CLEAR_LEASE}, updated_at = @nowIso WHERE intake_id = @id AND status IN ('PENDING', 'FAILED')`,
    ),
    deliveredSystems: db.prepare<[string], { system: SystemName }>("SELECT system FROM deliveries WHERE intake_id = ? AND status = 'DELIVERED' ORDER BY rowid"),
    insertReversal: db.prepare('INSERT OR IGNORE INTO withdrawal_reversals (intake_id, system, since) VALUES (?, ?, ?)'),
    deleteReversal: db.prepare('DELETE FROM withdrawal_reversals WHERE intake_id = ? AND system = ?'),
    // The acknowledged system leaves the list; the others keep their order (the deliveries').
    dropAwaitingReversal: db.prepare(
      `UPDATE intakes SET awaiting_reversal = (SELECT json_group_array(value) FROM json_each(awaiting_reversal) WHERE value <> @system) WHERE id = @id`,
    ),
    review: db.prepare(
      `UPDATE intakes SET review_state = @state, reviewed_by = @by, reviewed_at = @nowIso, review_reason = @reason
        WHERE id = @id AND review_state = 'UNCONFIRMED'`,
    ),
    unconfirmed: db.prepare<[string], IntakeRow>("SELECT * FROM intakes WHERE community = ? AND review_state = 'UNCONFIRMED' AND withdrawn_at IS NULL ORDER BY created_at, id"),
    insertForm: db.prepare(
      `INSERT INTO forms (id, intake_id, type, department, effective_date, created_at, payload)
       SELECT @id, id, @type, @department, effective_date, @createdAt, @payload FROM intakes WHERE id = @intakeId
       ON CONFLICT (id) DO NOTHING`,
    ),
    intakesInRange: db.prepare<{ from: string; to: string; community: string | null }, IntakeRow>(
      `SELECT * FROM intakes WHERE effective_date BETWEEN @from AND @to AND (@community IS NULL OR community = @community)
          AND (review_state IS NULL OR review_state = 'CONFIRMED')
        ORDER BY effective_date, created_at, id`,
    ),
    needingAttention: db.prepare<{ systems: string; community: string | null; before: number; limit: number }, IntakeRow & DeliveryRow & { pending_since: number }>(
      // Two branches, each an equality on status, so each reads only its own rows of the index.
      `SELECT ${ATTENTION_COLUMNS} FROM deliveries d JOIN intakes i ON i.id = d.intake_id
        WHERE d.system IN (SELECT value FROM json_each(@systems)) AND d.status = 'FAILED'
          AND (@community IS NULL OR i.community = @community)
       UNION ALL
       SELECT ${ATTENTION_COLUMNS} FROM deliveries d JOIN intakes i ON i.id = d.intake_id
        WHERE d.system IN (SELECT value FROM json_each(@systems)) AND d.status = 'PENDING' AND d.pending_since <= @before
          AND (@community IS NULL OR i.community = @community)
       UNION ALL
       SELECT ${ATTENTION_COLUMNS.replace('d.pending_since', 'r.since AS pending_since')} FROM withdrawal_reversals r
         JOIN deliveries d ON d.intake_id = r.intake_id AND d.system = r.system JOIN intakes i ON i.id = r.intake_id
        WHERE r.system IN (SELECT value FROM json_each(@systems)) AND (@community IS NULL OR i.community = @community)
       ORDER BY pending_since, intake_id, system
       LIMIT @limit`,
    ),
    backlog: db.prepare<[string], { pending: number; oldest: number | null }>(
      "SELECT COUNT(*) AS pending, MIN(pending_since) AS oldest FROM deliveries WHERE system = ? AND status = 'PENDING'",
    ),
    formsInRange: db.prepare<{ from: string; to: string; department: string; type: string | null }, FormRow>(
      `SELECT * FROM forms WHERE department = @department AND effective_date BETWEEN @from AND @to AND (@type IS NULL OR type = @type)
        ORDER BY effective_date, created_at, id`,
    ),
    formsMadeInRange: db.prepare<{ from: string; until: string; department: string; type: string | null }, FormRow>(
      `SELECT * FROM forms WHERE department = @department AND created_at >= @from AND created_at < @until AND (@type IS NULL OR type = @type)
        ORDER BY created_at, id`,
    ),
  };

  const create = db.transaction((key: string, input: NewIntake): CreateResult => {
    checkNewIntake(key, input);
    const known = sql.intakeByKey.get(key);
    if (known) return known.input_hash === input.inputHash ? { outcome: 'replayed', intake: toIntake(known) } : { outcome: 'conflict' };
    const now = new Date();
    const held = input.awaitConfirmation === true;
    const traceParent = storedTraceParent(input.traceParent);
    const intake: Intake = {
      id: newIntakeId(),
      idempotencyKey: key,
      inputHash: input.inputHash,
      change: input.change,
      reportedBy: input.reportedBy,
      createdAt: now.toISOString(),
      ...(held && { review: { state: 'UNCONFIRMED' as const, by: null, at: null, reason: null } }),
      ...(traceParent && { traceParent }),
    };
    const { community, kind, effectiveDate } = input.change;
    sql.insertIntake.run({
      id: intake.id, key, inputHash: input.inputHash, change: JSON.stringify(input.change), community, kind, effectiveDate, reportedBy: input.reportedBy, createdAt: intake.createdAt,
      reviewState: held ? 'UNCONFIRMED' : null,
      heldSystems: held ? JSON.stringify(input.systems) : null,
      traceParent,
    });
    // A held report gets its deliveries (the outbox) only when a worker confirms it.
    if (!held) for (const system of input.systems) sql.insertDelivery.run(intake.id, system, now.getTime(), now.getTime(), intake.createdAt);
    return { outcome: 'created', intake };
  });

  const confirm = db.transaction((id: string, by: string): boolean => {
    const held = sql.heldSystems.get(id);
    if (!held) return false;
    const now = new Date();
    sql.review.run({ id, state: 'CONFIRMED', by, nowIso: now.toISOString(), reason: null });
    for (const system of JSON.parse(held.held_systems) as SystemName[]) sql.insertDelivery.run(id, system, now.getTime(), now.getTime(), now.toISOString());
    return true;
  });

  const withdraw = db.transaction((id: string, by: string, reason: string): boolean => {
    const now = new Date();
    const nowIso = now.toISOString();
    const delivered = sql.deliveredSystems.all(id).map((r) => r.system);
    if (sql.withdraw.run({ id, by, reason, nowIso, awaiting: JSON.stringify(delivered) }).changes === 0) return false;
    sql.withdrawUnwritten.run({ id, nowIso });
    for (const system of delivered) sql.insertReversal.run(id, system, now.getTime());
    return true;
  });

  const acknowledgeReversal = db.transaction((id: string, system: SystemName): boolean => {
    if (sql.deleteReversal.run(id, system).changes === 0) return false;
    sql.dropAwaitingReversal.run({ id, system });
    return true;
  });

  const claim = db.transaction((system: SystemName, consumer: string, limit: number, leaseMs: number): ClaimedDelivery[] => {
    const now = Date.now();
    const rows = sql.claim.all({ system, consumer, now, leaseUntil: now + leaseMs, limit, nowIso: new Date(now).toISOString() });
    return rows.map((row) => ({
      intake: toIntake(sql.intakeById.get(row.intake_id)!),
      delivery: toDelivery(row),
      claimToken: claimTokenOf(row.attempts, consumer),
    }));
  });

  /** Whether the intake has no PENDING delivery left (its waiting mutation can answer). */
  const settled = (intakeId: string) => sql.stillPending.get(intakeId)!.n === 0;

  /** Returns whether this completion settled the intake. */
  const complete = db.transaction((claimed: ClaimedDelivery, status: 'DELIVERED' | 'NOT_APPLICABLE', forms: NewForm[]): boolean => {
    const nowIso = new Date().toISOString();
    // A stale claim changes no row, and then no form is stored either.
    if (sql.complete.run({ ...parseClaim(claimed), status, nowIso }).changes === 0) return false;
    for (const form of forms) {
      sql.insertForm.run({ id: formIdOf(claimed.delivery.intakeId, form.type), intakeId: claimed.delivery.intakeId, type: form.type, department: form.department, createdAt: nowIso, payload: JSON.stringify(form.payload) });
    }
    return settled(claimed.delivery.intakeId);
  });

  const commits = groupCommit(db, file, {
    onBatchError: (err, committed) => (committed ? new StoreUnavailableError(`the disk did not confirm the write: ${(err as Error).message}`, 'unknown') : unavailable(err)),
  });
  /** A write in the next group commit; a SQLite error of its own (its savepoint rolled back) says the store could not take it. */
  const durably = async <T>(write: () => T): Promise<T> => {
    try {
      return await commits.run(write);
    } catch (err) {
      throw unavailable(err);
    }
  };

  const signals = fileSignals(file);
  const waiting = new Map<string, Set<() => void>>();
  let stopWatchingSettled: (() => void) | undefined;
  let checkQueued = false;
  /** One query for every intake waited on in this instance, however many signals came at once. */
  const checkWaiting = () => {
    if (checkQueued) return;
    checkQueued = true;
    setImmediate(() => {
      checkQueued = false;
      if (waiting.size === 0 || closed) return;
      let pending: Set<string>;
      try {
        pending = new Set(sql.pendingAmong.all(JSON.stringify([...waiting.keys()])).map((r) => r.intake_id));
      } catch {
        return; // the database busy: the waiters' own fallback reads
      }
      for (const [id, listeners] of waiting) if (!pending.has(id)) for (const listener of listeners) listener();
    });
  };

  let closed = false;
  return {
    ...sqliteFormMarks(db, durably),
    async createIntake(key, input) {
      const result = await durably(() => create(key, input));
      if (result.outcome === 'created' && !input.awaitConfirmation) signals.raise('due');
      return result;
    },

    async getIntake(id) {
      const row = sql.intakeById.get(id);
      if (!row) return null;
      const deliveries = sql.deliveriesOf.all(id).map(toDelivery);
      const intake = toIntake(row);
      return { intake, deliveries, forms: sql.formsOf.all(id).map(toForm), status: intakeStatus(deliveries, intake.review, intake.withdrawal) };
    },

    async claimDeliveries(system, consumer, limit, leaseMs) {
      return claim.immediate(system, consumer, limit, leaseMs);
    },

    async renewLease(claimed, leaseMs) {
      try {
        return sql.renew.run({ ...parseClaim(claimed), leaseUntil: Date.now() + leaseMs }).changes > 0;
      } catch (err) {
        throw unavailable(err);
      }
    },

    async completeDelivery(claimed, status, forms) {
      if (await durably(() => complete(claimed, status, forms))) signals.raise('settled');
    },

    async failDelivery(claimed, error, retryAt) {
      const params = { ...parseClaim(claimed), error, nowIso: new Date().toISOString() };
      if (retryAt) await durably(() => sql.retryLater.run({ ...params, retryAt: retryAt.getTime() }));
      else if (await durably(() => sql.deadLetter.run(params).changes > 0 && settled(claimed.delivery.intakeId))) signals.raise('settled');
    },

    async retryDelivery(intakeId, system) {
      const now = Date.now();
      const retried = await durably(() => sql.retryFailed.run({ intakeId, system, now, nowIso: new Date(now).toISOString() }).changes > 0);
      if (retried) signals.raise('due');
      return retried;
    },

    async confirmIntake(id, by) {
      const confirmed = await durably(() => confirm(id, by));
      if (confirmed) signals.raise('due');
      return confirmed;
    },

    async rejectIntake(id, by, reason) {
      return durably(() => sql.review.run({ id, state: 'REJECTED', by, nowIso: new Date().toISOString(), reason }).changes > 0);
    },

    async withdrawIntake(id, by, reason) {
      const withdrawn = await durably(() => withdraw(id, by, reason));
      // Nothing is PENDING any more: a mutation waiting on the intake can answer.
      if (withdrawn) signals.raise('settled');
      return withdrawn;
    },

    async acknowledgeWithdrawal(id, system) {
      return durably(() => acknowledgeReversal(id, system));
    },

    async listUnconfirmed(community) {
      return sql.unconfirmed.all(community).map(toIntake);
    },

    async listIntakes(range: DateRange, community?: string) {
      return sql.intakesInRange.all({ from: range.from, to: range.to, community: community ?? null }).map(toIntake);
    },

    async listNeedingAttention(scope: AttentionScope) {
      const rows = sql.needingAttention.all({ systems: JSON.stringify(scope.systems), community: scope.community ?? null, before: scope.pendingBefore.getTime(), limit: scope.limit });
      return rows.map((row) => ({
        intake: toIntake(row),
        delivery: toDelivery(row),
        since: row.status === 'FAILED' ? row.updated_at : new Date(row.pending_since).toISOString(), // DELIVERED: since its withdrawal
      }));
    },

    async pendingBacklog(systems) {
      return systems.map((system) => {
        const row = sql.backlog.get(system)!;
        return { system, pending: row.pending, oldestPendingSince: row.oldest };
      });
    },

    async listForms(range: DateRange, department: Department, type?: FormType, by: FormDate = 'EFFECTIVE') {
      if (by === 'REPORTED') return sql.formsMadeInRange.all({ ...instantsOf(range), department, type: type ?? null }).map(toForm);
      return sql.formsInRange.all({ from: range.from, to: range.to, department, type: type ?? null }).map(toForm);
    },

    async watchDeliveries(_systems, onDue) {
      // One file for every system: a report has deliveries for nearly all of them anyway.
      return signals.watch('due', onDue);
    },

    async watchIntake(intakeId, onSettled) {
      const listeners = waiting.get(intakeId) ?? new Set();
      waiting.set(intakeId, listeners.add(onSettled));
      stopWatchingSettled ??= signals.watch('settled', checkWaiting);
      return () => {
        listeners.delete(onSettled);
        if (listeners.size === 0) waiting.delete(intakeId);
      };
    },

    async nextDueAt(system) {
      return sql.nextDue.get({ system, now: Date.now() })?.at ?? null;
    },

    async close() {
      if (closed) return;
      closed = true;
      await commits.close();
      stopWatchingSettled?.();
      signals.close();
      db.close();
    },
  };
}
