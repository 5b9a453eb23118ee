/**
 * The audit log of personal-data processing: who read which resident's personal fields (or
 * reported a change about them), for what declared purpose, when. Append-only and tamper-evident:
 * each record carries the hash of the one before it, so altering, removing or reordering a record
 * breaks the chain at that record. One interface, two implementations (SQLite embedded, Redis
 * scaled), one contract test suite (tests/support/auditStoreContract.ts).
 */
export type AuditAction = 'READ' | 'INTAKE';

/** One resident read (or reported) in a request: whose data, and which personal fields. */
export interface AuditRead {
  /**
   * The resident's citizen ID number, whole: the audit store is a store of personal data (it
   * must say whose data was read). It never goes to logs or error messages. Null when the data
   * read could not be tied to one resident.
   */
  residentId: string | null;
  /** Names of the personal fields read or reported. */
  fields: string[];
}

/**
 * How a record holds its reads: the residents grouped by the set of fields read of them (a list
 * query reads the same fields of every resident, so a 50-resident read is one group). Fields
 * sorted, residents sorted (null last), groups ordered by their fields: one form per request.
 */
export interface AuditReadGroup {
  fields: string[];
  residents: Array<string | null>;
}

/** What the caller of `append` supplies, one per request: the store adds seq, at, prevHash and hash. */
export interface AuditEntry {
  requestId: string;
  /** The token subject (a person or an application such as service:reconciliation). */
  subject: string;
  role: string;
  /** The purpose the caller declared (X-Purpose header); null when none was declared. */
  purpose: string | null;
  action: AuditAction;
  /** Every resident read in the request, with the fields read of each. */
  reads: readonly AuditRead[];
}

/** One record per request and service: every resident it read, grouped. */
export interface AuditRecord extends Omit<AuditEntry, 'reads'> {
  reads: AuditReadGroup[];
  /** Position in the chain, from 1, without gaps. */
  seq: number;
  /** ISO timestamp (UTC) of the append. */
  at: string;
  /** The hash of record seq - 1 (GENESIS_HASH for the first, or the last archived record's). */
  prevHash: string;
  /** SHA-256 (hex) over prevHash and the record's canonical JSON (see chain.ts). */
  hash: string;
}

export interface AuditFilter {
  /** Records that read this resident (through the resident index: exact, not a text search). */
  residentId?: string;
  subject?: string;
  /** Inclusive instants (ISO, UTC): records appended from `from` up to `to`. */
  from?: string;
  to?: string;
  /** At most this many records, the newest first. @default 100 */
  limit?: number;
}

export interface AuditVerification {
  valid: boolean;
  /** Records walked (all of them when valid). */
  records: number;
  /** The first record whose link is broken; null when the chain is valid. */
  brokenAt: number | null;
  /** Why that link is broken, in words safe to show (no personal data). */
  reason: string | null;
  /**
   * The last record that verified, as a checkpoint (null when there is none). Written down
   * outside the store and given to a later verify, it detects the newest records cut off the end
   * together with the head, which the chain alone cannot show.
   */
  lastIntact: AuditCheckpoint | null;
}

/** A record's place and hash, as a verification reported it. */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
}

export interface AuditStore {
  /** Set on the store AUDIT_LOG=off gives (benchmarks only, refused in production): it records nothing. */
  readonly off?: true;
  /**
   * Appends the entries as consecutive records, atomically and durably (all or none), chained
   * after the current head even when several processes or replicas append at once. Appends
   * arriving while a commit runs are committed together (group commit: one transaction, one
   * fsync). Resolves once stored; throws AuditUnavailableError when the store cannot take them.
   */
  append(entries: readonly AuditEntry[]): Promise<AuditRecord[]>;
  /** Records matching every given criterion, newest first. */
  query(filter: AuditFilter): Promise<AuditRecord[]>;
  /**
   * Walks the whole chain from the first record and reports the first broken link; with a
   * checkpoint from an earlier verification, also that the chain still holds that record.
   */
  verify(checkpoint?: AuditCheckpoint): Promise<AuditVerification>;
  close(): Promise<void>;
}

export class AuditUnavailableError extends Error {
  readonly code = 'AUDIT_UNAVAILABLE';
  constructor(detail: string) {
    super(`The audit log is unavailable (${detail}).`);
    this.name = 'AuditUnavailableError';
  }
}
