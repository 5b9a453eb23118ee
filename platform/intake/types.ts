/**
 * The durable record of population changes: intakes, one delivery per system (the outbox),
 * and the forms the departments produce. One interface, two implementations (SQLite embedded,
 * Redis Streams scaled), one contract test suite run against both.
 */
import type { FormType } from '../../domain/forms';
import type { PopulationChange } from '../../domain/populationChange';
import type { DateRange } from '../../domain/period';
import type { FormDate } from '../../domain/formsQuery';
import type { Department, SystemName } from '../../domain/systems';

/** WITHDRAWN: its report was withdrawn before this delivery was written; it never will be. */
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'NOT_APPLICABLE' | 'FAILED' | 'WITHDRAWN';
export type IntakeStatus = 'COMPLETE' | 'IN_PROGRESS' | 'NEEDS_ATTENTION' | 'AWAITING_CONFIRMATION' | 'REJECTED' | 'WITHDRAWN';

/**
 * A report a worker withdrew (it was wrong): who, when, why, and the systems that had already
 * written it and whose department has not yet acknowledged reversing it there.
 */
export interface Withdrawal {
  reason: string;
  by: string;
  /** ISO timestamp. */
  at: string;
  awaitingReversal: SystemName[];
}

/**
 * A report that needs a signed-in worker's confirmation before anything is written (one made with
 * a QR credential): UNCONFIRMED until a worker of its community confirms (its deliveries become
 * due then, atomically) or rejects it (none ever).
 */
export type ReviewState = 'UNCONFIRMED' | 'CONFIRMED' | 'REJECTED';

export interface Review {
  state: ReviewState;
  /** The worker who confirmed or rejected it (token subject); null while UNCONFIRMED. */
  by: string | null;
  /** ISO timestamp of the confirmation or rejection. */
  at: string | null;
  /** Why it was rejected (the worker's words). */
  reason: string | null;
}

export interface NewIntake {
  /** The validated change (holds personal data: stays in the store, never in logs). */
  change: PopulationChange;
  /** SHA-256 of the canonical input without the idempotency key: same key + other hash = conflict. */
  inputHash: string;
  /** Who reported it (token subject). */
  reportedBy: string;
  /** The systems to deliver to (normally all five). */
  systems: readonly SystemName[];
  /** Held UNCONFIRMED, with no delivery at all, until a worker confirms it (confirmIntake). */
  awaitConfirmation?: boolean;
  /** The report's W3C traceparent (platform/tracing): its deliveries' spans link to that trace. */
  traceParent?: string;
}

export interface Intake {
  id: string;
  idempotencyKey: string;
  inputHash: string;
  change: PopulationChange;
  reportedBy: string;
  /** ISO timestamp. */
  createdAt: string;
  /** Absent for a report that needed no confirmation (a worker's own). */
  review?: Review;
  /** The report's W3C traceparent, when it was traced; absent for intakes stored before traces were kept. */
  traceParent?: string;
  /** Present once the report was withdrawn. */
  withdrawal?: Withdrawal;
}

export interface Delivery {
  intakeId: string;
  system: SystemName;
  status: DeliveryStatus;
  /** Attempts made in the current round (a replay after a crash counts; an operator retry starts a new round). */
  attempts: number;
  /** Last failure, in words safe to show (no personal data). */
  lastError: string | null;
  /** ISO timestamp of the last change. */
  updatedAt: string;
}

export interface Form {
  id: string;
  intakeId: string;
  type: FormType;
  department: Department;
  /** ISO timestamp. */
  createdAt: string;
  /** The change's effective date (YYYY-MM-DD): the period a form belongs to. */
  effectiveDate: string;
  /**
   * The fields the department's template declares (domain/forms/templates.ts), filled from the
   * input and the department's own record by `fillForm`. Kept as stored: a form stored before its
   * template changed keeps the fields it had.
   */
  payload: Record<string, unknown>;
}

export type NewForm = Omit<Form, 'id' | 'createdAt' | 'intakeId' | 'effectiveDate'>;

export interface IntakeView {
  intake: Intake;
  deliveries: Delivery[];
  forms: Form[];
  status: IntakeStatus;
}

/** A delivery handed to one worker for a while (a lease); others do not see it until it expires. */
export interface ClaimedDelivery {
  intake: Intake;
  delivery: Delivery;
  /** Opaque handle the store needs to complete or release the claim (row lease, stream entry id). */
  claimToken: string;
}

/** Whose deliveries a "needs attention" list holds: a department's systems, and optionally one community's reports. */
export interface AttentionScope {
  systems: readonly SystemName[];
  /** Only reports of this community. */
  community?: string;
  /** PENDING deliveries waiting since before this are overdue (FAILED ones are listed whenever they failed). */
  pendingBefore: Date;
  /** At most this many, oldest first. */
  limit: number;
}

/**
 * A delivery a person has to look at: FAILED (dead letter), PENDING for longer than it should be,
 * or DELIVERED for a report withdrawn since (its department reverses the write and acknowledges it).
 */
export interface DeliveryNeedingAttention {
  intake: Intake;
  delivery: Delivery;
  /** ISO timestamp: when it failed (FAILED), or since when it has been waiting (PENDING). */
  since: string;
}

/** How many deliveries of a system wait (PENDING) and since when the oldest has waited: what the backlog metrics show. */
export interface PendingBacklog {
  system: SystemName;
  pending: number;
  /** Epoch ms since which the oldest PENDING delivery has waited (since its report, or its operator retry); null when none waits. */
  oldestPendingSince: number | null;
}

export type CreateResult =
  | { outcome: 'created'; intake: Intake }
  | { outcome: 'replayed'; intake: Intake }
  | { outcome: 'conflict' };

export interface IntakeStore extends FormMarks {
  /**
   * Stores the intake, its deliveries (PENDING) and their outbox events in one atomic, durable
   * step, unless the idempotency key is known: then 'replayed' (same input hash) or 'conflict'.
   * Concurrent calls with one key create exactly one intake. Throws StoreUnavailableError when
   * the store cannot be reached, saying whether the intake may have been stored (`applied`).
   */
  createIntake(key: string, intake: NewIntake): Promise<CreateResult>;
  getIntake(id: string): Promise<IntakeView | null>;
  /**
   * Up to `limit` deliveries of `system` that are due (PENDING, retry time reached, lease free or
   * expired), leased to `consumer` for `leaseMs`; each claim counts one attempt. A delivery whose
   * lease expired (its consumer crashed) is claimable by any consumer, and the old claim goes stale.
   */
  claimDeliveries(system: SystemName, consumer: string, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /**
   * Extends a claim that is still current to `leaseMs` from now (the worker's heartbeat while a
   * delivery is in progress, so leases can be short and a crashed worker's claim is taken over
   * in seconds). Returns false for a stale claim (taken over, or no longer PENDING).
   */
  renewLease(claim: ClaimedDelivery, leaseMs: number): Promise<boolean>;
  /**
   * Marks the claimed delivery DELIVERED or NOT_APPLICABLE and stores its forms, atomically.
   * A stale claim (another consumer claimed the delivery since, or it is no longer PENDING) changes
   * nothing and stores no form. A form of a type already stored for the intake is kept as it was.
   */
  completeDelivery(claim: ClaimedDelivery, status: 'DELIVERED' | 'NOT_APPLICABLE', forms: NewForm[]): Promise<void>;
  /**
   * Records a failed attempt (lastError, lease released): PENDING and due again at `retryAt`, or
   * FAILED (dead letter, attempts kept) when `retryAt` is null. A stale claim changes nothing.
   */
  failDelivery(claim: ClaimedDelivery, error: string, retryAt: Date | null): Promise<void>;
  /**
   * An operator's retry of a FAILED delivery: PENDING again, due now, with a new round of
   * attempts (the count restarts, so the worker's full retry schedule applies again). Returns false when it was not FAILED (or does not exist).
   */
  retryDelivery(intakeId: string, system: SystemName): Promise<boolean>;
  /**
   * Confirms an UNCONFIRMED intake: records who and when, and makes its deliveries due (PENDING,
   * outbox entries) in the same atomic step. True when this call confirmed it; false when it was
   * not UNCONFIRMED (already confirmed or rejected, or unknown): a second confirmation adds nothing.
   */
  confirmIntake(id: string, by: string): Promise<boolean>;
  /** Rejects an UNCONFIRMED intake (who, when, why): it never gets a delivery. False when it was not UNCONFIRMED. */
  rejectIntake(id: string, by: string, reason: string): Promise<boolean>;
  /**
   * Withdraws the intake (who, when, why) in one atomic step: every delivery not yet DELIVERED
   * (PENDING, FAILED) becomes WITHDRAWN and is never written; a held report is never confirmed;
   * the DELIVERED ones are listed as needing attention until their department acknowledges the
   * reversal. False when it was already withdrawn (or does not exist): nothing changes then.
   */
  withdrawIntake(id: string, by: string, reason: string): Promise<boolean>;
  /** Records that the system's department reversed a withdrawn report's write; false when none was awaited. */
  acknowledgeWithdrawal(id: string, system: SystemName): Promise<boolean>;
  /** UNCONFIRMED intakes of a community, oldest report first. */
  listUnconfirmed(community: string): Promise<Intake[]>;
  /** Confirmed (or never held) intakes whose change took effect in the range (optionally of one community), oldest first. */
  listIntakes(range: DateRange, community?: string): Promise<Intake[]>;
  /**
   * FAILED deliveries and PENDING ones waiting since before `scope.pendingBefore`, to the scope's
   * systems (of its community's reports), oldest first, at most `scope.limit`. Read through an
   * index by system and status, so settled deliveries are never read.
   */
  listNeedingAttention(scope: AttentionScope): Promise<DeliveryNeedingAttention[]>;
  /**
   * Per system asked, in that order: its PENDING deliveries (due, waiting for a retry or claimed)
   * and since when the oldest has waited. Read from the per-system index, never delivery by delivery.
   */
  pendingBacklog(systems: readonly SystemName[]): Promise<PendingBacklog[]>;
  /**
   * Forms of a department, optionally of one type: by EFFECTIVE date, those whose change took effect
   * in the range, oldest change first; by REPORTED date, those made on a day of the range
   * (Asia/Shanghai), in the order they were made.
   */
  listForms(range: DateRange, department: Department, type?: FormType, by?: FormDate): Promise<Form[]>;
  /**
   * Calls `onDue` when a delivery of one of `systems` may have become due: stored with a new
   * intake, confirmed, retried by an operator, from any instance (process, replica). A hint, not
   * the record: it may come when nothing is due, and one can be missed (a process between two
   * watches, Redis away), so the caller still looks on its own at a long interval. Resolves once
   * the watch is in place (what is stored after that wakes it); the function it resolves to ends it.
   */
  watchDeliveries(systems: readonly SystemName[], onDue: () => void): Promise<Unwatch>;
  /**
   * Calls `onSettled` when none of the intake's deliveries is PENDING any more (the last one
   * completed or failed for good), from any instance. A hint like watchDeliveries': read the intake
   * to know. Resolves once the watch is in place.
   */
  watchIntake(intakeId: string, onSettled: () => void): Promise<Unwatch>;
  /**
   * When the first PENDING delivery of `system` that waits (for its retry time, or for the lease
   * another consumer holds to end) becomes claimable, in epoch ms; null when none waits. A worker
   * sleeps until then rather than polling.
   */
  nextDueAt(system: SystemName): Promise<number | null>;
  close(): Promise<void>;
}

/** Who marked a form handled, and when (ISO timestamp). */
export interface FormHandling {
  at: string;
  by: string;
}

/**
 * What the desk remembers of a department's forms: up to when a department (a community worker:
 * their community) has seen its forms ("new since last time"), and which forms a clerk handled.
 * A scope is a department name, or `community:<12-digit code>` for one community's workers.
 */
export interface FormMarks {
  /**
   * Records that the scope has seen every form made up to `upTo` (ISO timestamp). A mark never
   * goes back: an older `upTo` than the one recorded leaves it. Resolves to the mark now recorded.
   */
  acknowledgeForms(scope: string, upTo: string): Promise<string>;
  /** The scopes' marks (absent: never acknowledged). */
  acknowledgedUpTo(scopes: readonly string[]): Promise<Map<string, string>>;
  /** Marks the forms handled (by whom, now), or not handled again when `handling` is null. */
  markFormsHandled(formIds: readonly string[], handling: FormHandling | null): Promise<void>;
  /** Who handled which of the forms (absent: not handled). */
  formHandling(formIds: readonly string[]): Promise<Map<string, FormHandling>>;
}

/** Ends a watch; calling it again does nothing. */
export type Unwatch = () => void;

export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    readonly detail: string,
    /**
     * Whether the write this failure interrupted may have taken effect: 'no' when it certainly
     * did not (a transaction rolled back, a connection never made), 'unknown' when the command
     * may have reached the store before the failure (a reply lost).
     */
    readonly applied: 'no' | 'unknown' = 'no',
  ) {
    super(`The intake store is unavailable (${detail}). Try again shortly.`);
  }
}

/**
 * WITHDRAWN once withdrawn; AWAITING_CONFIRMATION or REJECTED while a held report is not confirmed; then COMPLETE when every
 * delivery is final and none failed; NEEDS_ATTENTION when any FAILED; else IN_PROGRESS.
 */
export function intakeStatus(deliveries: readonly Delivery[], review?: Review, withdrawal?: Withdrawal): IntakeStatus {
  if (withdrawal) return 'WITHDRAWN';
  if (review?.state === 'UNCONFIRMED') return 'AWAITING_CONFIRMATION';
  if (review?.state === 'REJECTED') return 'REJECTED';
  if (deliveries.some((d) => d.status === 'FAILED')) return 'NEEDS_ATTENTION';
  if (deliveries.some((d) => d.status === 'PENDING')) return 'IN_PROGRESS';
  return 'COMPLETE';
}
