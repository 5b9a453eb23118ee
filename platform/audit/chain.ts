/**
 * The hash chain: how a record is sealed and how a sequence of records is checked. Shared by
 * both stores, so a chain written by one verifies with the code of the other.
 */
import { createHash } from 'node:crypto';
import type { AuditCheckpoint, AuditEntry, AuditRead, AuditReadGroup, AuditRecord, AuditVerification } from './types';

/** The prevHash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainHead {
  seq: number;
  hash: string;
}
export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** JSON with object keys sorted at every level: one text per value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 over the previous hash and the record's canonical JSON (every field but `hash`). */
export function hashOf(record: Omit<AuditRecord, 'hash'>): string {
  const { seq, at, requestId, subject, role, purpose, action, reads, prevHash } = record;
  const body = canonicalJson({ seq, at, requestId, subject, role, purpose, action, reads, prevHash });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const residentOrder = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : byText(a, b));

/** The reads of a request grouped by the fields read (see AuditReadGroup): one form per set of reads. */
export function groupReads(reads: readonly AuditRead[]): AuditReadGroup[] {
  const byResident = new Map<string | null, Set<string>>();
  for (const { residentId, fields } of reads) {
    let set = byResident.get(residentId);
    if (!set) byResident.set(residentId, (set = new Set()));
    for (const f of fields) set.add(f);
  }
  const groups = new Map<string, AuditReadGroup>();
  for (const [resident, set] of byResident) {
    const fields = [...set].sort(byText);
    const key = JSON.stringify(fields);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { fields, residents: [] }));
    group.residents.push(resident);
  }
  for (const g of groups.values()) g.residents.sort(residentOrder);
  return [...groups.entries()].sort(([a], [b]) => byText(a, b)).map(([, g]) => g);
}

/** The residents a record names (null excluded): the rows of the resident index. */
export function residentsOf(record: Pick<AuditRecord, 'reads'>): string[] {
  return [...new Set(record.reads.flatMap((g) => g.residents.filter((r): r is string => r !== null)))];
}

/** The fields a record says were read of one resident (null: data tied to no resident). */
export function fieldsReadOf(record: Pick<AuditRecord, 'reads'>, residentId: string | null): string[] {
  return [...new Set(record.reads.filter((g) => g.residents.includes(residentId)).flatMap((g) => g.fields))].sort(byText);
}

/** The entries as records chained after `head`, all stamped `at`. */
export function seal(head: ChainHead, entries: readonly AuditEntry[], at: string): AuditRecord[] {
  const records: AuditRecord[] = [];
  let prev = head;
  for (const e of entries) {
    const unsealed = {
      seq: prev.seq + 1,
      at,
      requestId: e.requestId,
      subject: e.subject,
      role: e.role,
      purpose: e.purpose ?? null,
      action: e.action,
      reads: groupReads(e.reads),
      prevHash: prev.hash,
    };
    const record = { ...unsealed, hash: hashOf(unsealed) };
    records.push(record);
    prev = record;
  }
  return records;
}

/**
 * Checks records in chain order, page by page: feed each page to `check`, which keeps the last
 * good link between pages and returns the first broken one. A checkpoint (an earlier
 * verification's `lastIntact`) must still be in the chain, with the same hash; one at or before
 * `start` was archived, and `start` must then be the very record when they coincide.
 */
export function chainVerifier(checkpoint?: AuditCheckpoint, start: ChainHead = EMPTY_HEAD) {
  // After an archive the live chain starts at the last archived record (the archive's signed checkpoint).
  let prev: ChainHead = start;
  let walked = 0;
  const lastIntact = () => (prev.seq === 0 ? null : { seq: prev.seq, hash: prev.hash });
  const broken = (seq: number, reason: string): AuditVerification => ({ valid: false, records: walked, brokenAt: seq, reason, lastIntact: lastIntact() });
  return {
    /** Null while the records so far are intact; else the verdict at the first broken record. */
    check(page: ReadonlyArray<AuditRecord | null>): AuditVerification | null {
      for (const record of page) {
        const expectedSeq = prev.seq + 1;
        if (!record) return broken(expectedSeq, `record ${expectedSeq} is missing`);
        if (record.seq > expectedSeq) return broken(expectedSeq, `record ${expectedSeq} is missing`);
        if (record.seq !== expectedSeq) return broken(expectedSeq, `record ${expectedSeq} is out of place (it says seq ${record.seq})`);
        if (record.prevHash !== prev.hash) return broken(record.seq, `record ${record.seq} does not follow record ${prev.seq} (prevHash differs from that record's hash)`);
        const { hash, ...rest } = record;
        if (hashOf(rest) !== hash) return broken(record.seq, `record ${record.seq} was altered (its content does not match its hash)`);
        if (checkpoint && record.seq === checkpoint.seq && hash !== checkpoint.hash) {
          return broken(record.seq, `record ${record.seq} is not the one the checkpoint names (the log from there on was rewritten)`);
        }
        prev = { seq: record.seq, hash };
        walked++;
      }
      return null;
    },
    /** The verdict once every record has been checked; `headSeq` is the length the store claims. */
    done(headSeq: number): AuditVerification {
      if (headSeq !== prev.seq) return broken(prev.seq + 1, `the log claims ${headSeq} records but the chain ends at record ${prev.seq}`);
      if (checkpoint && checkpoint.seq === start.seq && checkpoint.hash !== start.hash) {
        return broken(start.seq, `record ${start.seq} is not the one the checkpoint names (the log from there on was rewritten)`);
      }
      if (checkpoint && prev.seq < checkpoint.seq) {
        return broken(prev.seq + 1, `the log ends at record ${prev.seq}, before the checkpoint at record ${checkpoint.seq} (newer records were cut off)`);
      }
      return { valid: true, records: walked, brokenAt: null, reason: null, lastIntact: lastIntact() };
    },
  };
}

