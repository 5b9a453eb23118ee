/**
 * Applying a population change: the person's status moves from RESIDENT to DECEASED or
 * MOVED_OUT, the dwelling loses an occupant (and is vacant from that day when it empties), and
 * the change is appended to the write log. Shared by `POST /registry/changes` and the CSV
 * import; callers run it inside a transaction.
 */
import { createHash } from 'node:crypto';
import type { SqliteDatabase } from '../../platform/stores/sqlite';
import type { PersonRow, RegistryQueries } from './store';
import { personJson, type ChangeBody } from './wire';

export type ChangeSource = 'api' | 'import';

interface ChangeRow {
  change_id: number;
  id_number: string;
  kind: string;
  effective_date: string;
  destination: string | null;
  request_hash: string | null;
  reply_json: string | null;
}

export type ChangeReply = ReturnType<typeof replyJson>;

export type ChangeOutcome =
  | { result: 'applied'; changeId: number; reply: ChangeReply }
  /** The same change was recorded before under this reference: nothing is written again. */
  | { result: 'duplicate'; changeId: number }
  | { result: 'reference_in_use' }
  | { result: 'unknown_person' }
  | { result: 'status_conflict'; currentStatus: PersonRow['status']; statusSince: string | null };

/** Hash of a change's content, to tell a replay (same key, same body) from a reused key. */
export function changeHash(change: ChangeBody): string {
  const canonical = JSON.stringify([change.idNumber, change.kind, change.effectiveDate, change.reference, change.destination ?? null]);
  return createHash('sha256').update(canonical).digest('hex');
}

function replyJson(changeId: number, change: ChangeBody, recordedAt: string, person: PersonRow, dwelling: { occupancy: number; vacant_since: string | null }) {
  return {
    changeId,
    idNumber: change.idNumber,
    kind: change.kind,
    effectiveDate: change.effectiveDate,
    reference: change.reference,
    destination: change.destination ?? null,
    recordedAt,
    person: personJson(person),
    dwelling: { dwellingId: person.dwelling_id, occupancy: dwelling.occupancy, vacantSince: dwelling.vacant_since },
  };
}

export function changeWriter(db: SqliteDatabase, queries: RegistryQueries) {
  const byKey = db.prepare('SELECT * FROM changes WHERE idempotency_key = ?');
  const byReference = db.prepare('SELECT * FROM changes WHERE reference = ?');
  const setStatus = db.prepare('UPDATE persons SET status = ?, status_since = ?, moved_to = ? WHERE id_number = ?');
  const leaveDwelling = db.prepare(
    'UPDATE dwellings SET occupancy = MAX(occupancy - 1, 0), vacant_since = CASE WHEN occupancy <= 1 THEN ? ELSE vacant_since END WHERE dwelling_id = ? RETURNING occupancy, vacant_since',
  );
  const insert = db.prepare(
    `INSERT INTO changes (id_number, kind, effective_date, reference, destination, source, previous_status, idempotency_key, request_hash, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const storeReply = db.prepare('UPDATE changes SET reply_json = ? WHERE change_id = ?');

  return {
    /** The change stored under an Idempotency-Key, with the hash of its body and its reply. */
    byKey(key: string): { hash: string; reply: ChangeReply } | undefined {
      const row = byKey.get(key) as ChangeRow | undefined;
      return row ? { hash: row.request_hash ?? '', reply: JSON.parse(row.reply_json ?? 'null') as ChangeReply } : undefined;
    },

    apply(change: ChangeBody, source: ChangeSource, idempotencyKey?: string): ChangeOutcome {
      const person = queries.person(change.idNumber);
      if (!person) return { result: 'unknown_person' };
      const prior = byReference.get(change.reference) as ChangeRow | undefined;
      if (prior) {
        const same = prior.id_number === change.idNumber && prior.kind === change.kind && prior.effective_date === change.effectiveDate && prior.destination === (change.destination ?? null);
        return same ? { result: 'duplicate', changeId: prior.change_id } : { result: 'reference_in_use' };
      }
      if (person.status !== 'RESIDENT') return { result: 'status_conflict', currentStatus: person.status, statusSince: person.status_since };

      const status = change.kind === 'DEATH' ? 'DECEASED' : 'MOVED_OUT';
      setStatus.run(status, change.effectiveDate, change.destination ?? null, change.idNumber);
      const dwelling = leaveDwelling.get(change.effectiveDate, person.dwelling_id) as { occupancy: number; vacant_since: string | null };
      const recordedAt = new Date().toISOString();
      const { lastInsertRowid } = insert.run(
        change.idNumber,
        change.kind,
        change.effectiveDate,
        change.reference,
        change.destination ?? null,
        source,
        person.status,
        idempotencyKey ?? null,
        idempotencyKey ? changeHash(change) : null,
        recordedAt,
      );
      const changeId = Number(lastInsertRowid);
      const reply = replyJson(changeId, change, recordedAt, queries.person(change.idNumber)!, dwelling);
      storeReply.run(JSON.stringify(reply), changeId);
      return { result: 'applied', changeId, reply };
    },
  };
}
export type ChangeWriter = ReturnType<typeof changeWriter>;
