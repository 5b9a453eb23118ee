/**
 * The delivery worker: runs in the subgraph of the department that owns a system, claims that
 * system's due deliveries from the intake store, carries each out through the department's
 * handler (which writes idempotently through the system's adapter), and records the outcome.
 * Failures are retried with exponential backoff and full jitter up to `maxAttempts`; then the
 * delivery is FAILED (a dead letter) until an operator retries it. A system's definitive answer
 * (platform/errors.ts `DefinitiveRejection`: a conflict, a refusal) is not retried: the delivery
 * is FAILED after that one attempt, with the system's reason.
 *
 * Crash safety: a claim is a lease, short (5 s) and renewed by a heartbeat while the delivery is
 * in progress. A worker killed mid-delivery (even after the system write) stops renewing; within
 * seconds the delivery is claimed again and the handler's idempotent write finds the work already
 * done, so nothing is written twice. Recording an outcome that fails (the store briefly away) is
 * retried, with backoff, for a bounded time, instead of leaving the delivery to its lease.
 *
 * Waking: the worker is woken by the store the moment a delivery of its systems is stored
 * (IntakeStore.watchDeliveries), and between wake-ups it sleeps until the store's next due time
 * (a retry, another worker's lease running out: nextDueAt). The poll interval is only the
 * fallback for a wake-up that was lost, so it can be long.
 *
 * Lanes (lane.ts): each system has its own lane of at most `concurrency` deliveries in progress;
 * a slot that frees up claims the next due delivery at once, without waiting for the rest of a
 * batch, and one slow system never holds up another's. A resident's deliveries to one system
 * still run one at a time, in order.
 */
import type { SystemName } from '../../domain/systems';
import { Lane } from './lane';
import type { DeliveryMetrics } from './deliveryMetrics';
import { isDefinitive, UpstreamError } from '../errors';
import type { ClaimedDelivery, Intake, IntakeStore, NewForm, Unwatch } from '../intake/types';
import type { Logger } from '../logger';
import { withDeliverySpan } from '../tracing/deliverySpan';

export interface DeliveryOutcome {
  status: 'DELIVERED' | 'NOT_APPLICABLE';
  forms: NewForm[];
}

/** What a department provides per system it owns. */
export interface DeliveryHandler {
  system: SystemName;
  /**
   * Carries the change out in the system (idempotently: safe to run again after a crash) and
   * returns the forms the department produces for it. Throw to fail the attempt.
   */
  deliver(intake: Intake): Promise<DeliveryOutcome>;
}

export interface DeliveryWorkerOptions {
  /** Name of this consumer (process); shows up in leases. */
  consumer: string;
  /** Attempts before a delivery is FAILED. @default 8 */
  maxAttempts?: number;
  /** First retry delay in ms; doubles per attempt, with jitter. @default 1000 */
  backoffBaseMs?: number;
  /** @default 60000 */
  backoffMaxMs?: number;
  /**
   * The longest the worker sleeps without looking for due work, in ms: the fallback for a lost
   * wake-up (it is woken when a delivery is stored, and sleeps until the next retry or lease end).
   * @default 5000
   */
  pollIntervalMs?: number;
  /**
   * How long a claim is held before another worker may take it over, in ms; renewed every third
   * of it while the delivery is in progress. @default 5000
   */
  leaseMs?: number;
  /** How long recording an outcome is retried while the store cannot take it, in ms. @default 10000 */
  recordRetryMs?: number;
  /** Most deliveries of one system in progress at once in this process (its lane; DELIVERY_CONCURRENCY). @default 10 */
  concurrency?: number;
  random?: () => number;
}

/** The shortest sleep between rounds when something is due at once (a due time just passed): no busy loop. */
const MIN_SLEEP_MS = 20;

export class DeliveryWorker {
  private readonly opts: Required<DeliveryWorkerOptions>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private watching: Promise<void> | undefined;
  private unwatch: Unwatch | undefined;
  private stopped = true;
  private inRound = false;
  /** Woken during a round: run another at once (what woke it may have come after the claim). */
  private wokenInRound = false;
  private readonly lanes = new Map<SystemName, Lane>();
  /** Deliveries started and not yet ended: stop() waits for them. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: IntakeStore,
    private readonly handlers: readonly DeliveryHandler[],
    private readonly logger: Logger,
    options: DeliveryWorkerOptions,
    /** Where finished and dead-lettered deliveries are counted (the department's registry). @default not counted */
    private readonly metrics?: DeliveryMetrics,
  ) {
    this.opts = { maxAttempts: 8, backoffBaseMs: 1000, backoffMaxMs: 60_000, pollIntervalMs: 5000, leaseMs: 5000, recordRetryMs: 10_000, concurrency: 10, random: Math.random, ...options };
    for (const h of handlers) this.lanes.set(h.system, new Lane(this.opts.concurrency));
  }

  /** Watches the store for new deliveries, then runs a first round (what was stored before the watch). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const systems = this.handlers.map((h) => h.system);
    this.watching = this.store.watchDeliveries(systems, () => this.wake()).then(
      (unwatch) => {
        if (this.stopped) unwatch();
        else this.unwatch = unwatch;
      },
      (err) => this.logger.warn('cannot be woken by new deliveries; looking for them by polling only', { error: errorText(err) }),
    );
    void this.watching.then(() => this.schedule(0));
  }

  /** Stops watching and polling, and waits for the round and the deliveries in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.watching;
    this.unwatch?.();
    await this.running;
    await Promise.all(this.inFlight);
  }

  /** A delivery may be due: a round now, or right after the one in progress. */
  private wake(): void {
    if (this.stopped) return;
    if (this.inRound) this.wokenInRound = true;
    else this.schedule(0);
  }

  /** One round over every handled system, waiting for the deliveries it started; returns how many it processed. */
  async runOnce(): Promise<number> {
    const { started } = await this.fillLanes();
    await Promise.all(started);
    return started.length;
  }

  /**
   * Claims due deliveries for every lane's free slots (the systems at once) and starts them;
   * each that ends wakes the worker, so its slot is filled again at once. `full`: some lane
   * claimed as many as it had room for, so more may be due.
   */
  private async fillLanes(): Promise<{ started: Promise<void>[]; full: boolean; anyRoom: boolean }> {
    const started: Promise<void>[] = [];
    let full = false;
    let anyRoom = false;
    await Promise.all(
      this.handlers.map(async (handler) => {
        const lane = this.lanes.get(handler.system)!;
        const room = lane.free;
        if (room === 0) return;
        anyRoom = true;
        let claims: ClaimedDelivery[];
        try {
          claims = await this.store.claimDeliveries(handler.system, this.opts.consumer, room, this.opts.leaseMs);
        } catch (err) {
          this.logger.warn('could not claim deliveries', { system: handler.system, error: errorText(err) });
          return;
        }
        if (claims.length === room) full = true;
        // The ID number only keys the lane's in-memory order; it is never logged.
        for (const claim of claims) {
          const delivery: Promise<void> = lane.run(claim.intake.change.idNumber, (turn) => this.process(handler, claim, turn)).finally(() => {
            this.inFlight.delete(delivery);
            this.wake();
          });
          this.inFlight.add(delivery);
          started.push(delivery);
        }
      }),
    );
    return { started, full, anyRoom };
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.round();
    }, delayMs);
  }

  private async round(): Promise<void> {
    this.inRound = true;
    this.wokenInRound = false;
    let sleep = this.opts.pollIntervalMs;
    try {
      const { full, anyRoom } = await this.fillLanes();
      // A lane filled up to its room may have left more behind: at once again. Every lane busy:
      // the next delivery to end wakes the worker. Else: until the next due time.
      sleep = full ? 0 : anyRoom ? await this.untilNextDue() : this.opts.pollIntervalMs;
    } catch (err) {
      this.logger.error('delivery round failed', { error: errorText(err) });
    } finally {
      this.inRound = false;
    }
    this.schedule(this.wokenInRound ? 0 : sleep);
  }

  /** Until the first retry or lease end of the worker's systems, at most the poll interval. */
  private async untilNextDue(): Promise<number> {
    const times = await Promise.all(this.handlers.map((h) => this.store.nextDueAt(h.system).catch(() => null)));
    const next = Math.min(...times.filter((t): t is number => t !== null));
    return Math.min(this.opts.pollIntervalMs, Math.max(MIN_SLEEP_MS, next - Date.now()));
  }

  /** Carries out a claimed delivery once `turn` comes (the resident's earlier delivery ended), holding the claim meanwhile. */
  private async process(handler: DeliveryHandler, claim: ClaimedDelivery, turn: Promise<void> = Promise.resolve()): Promise<void> {
    const heartbeat = this.heartbeat(claim);
    try {
      await turn;
      await this.carryOut(handler, claim);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Renews the claim's lease every third of it until stopped; a renewal that fails is only logged (the next may pass). */
  private heartbeat(claim: ClaimedDelivery): NodeJS.Timeout {
    const { leaseMs } = this.opts;
    const timer = setInterval(() => {
      this.store.renewLease(claim, leaseMs).then(
        (held) => {
          if (!held) this.logger.warn('the delivery’s claim was taken over (lease ran out)', { intakeId: claim.intake.id, system: claim.delivery.system });
        },
        (err) => this.logger.warn('could not renew the delivery’s lease', { intakeId: claim.intake.id, system: claim.delivery.system, error: errorText(err) }),
      );
    }, Math.max(10, Math.floor(leaseMs / 3)));
    timer.unref();
    return timer;
  }

  /** Records an outcome, retried with backoff while the store cannot take it (a store blip must not cost a whole lease). */
  private async recorded(what: string, claim: ClaimedDelivery, record: () => Promise<void>): Promise<void> {
    const deadline = Date.now() + this.opts.recordRetryMs;
    for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
      try {
        await record();
        return;
      } catch (err) {
        if (Date.now() + wait >= deadline) throw err;
        this.logger.warn(`could not record the ${what}; trying again`, { intakeId: claim.intake.id, system: claim.delivery.system, error: errorText(err) });
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async carryOut(handler: DeliveryHandler, claim: ClaimedDelivery): Promise<void> {
    const { intake, delivery } = claim;
    try {
      // In a span linked to the report's trace (platform/tracing/deliverySpan.ts); the system writes are its children.
      const outcome = await withDeliverySpan({ system: delivery.system, intakeId: intake.id, traceParent: intake.traceParent, attempt: delivery.attempts }, () => handler.deliver(intake));
      await this.recorded('delivery', claim, () => this.store.completeDelivery(claim, outcome.status, outcome.forms));
      this.logger.info('delivery done', { intakeId: intake.id, system: delivery.system, status: outcome.status, attempt: delivery.attempts, forms: outcome.forms.length });
      this.metrics?.completedAs(delivery.system, outcome.status === 'DELIVERED' ? 'delivered' : 'not_applicable');
    } catch (err) {
      // A definitive answer (a conflict, a refusal) would be the same on every attempt: it ends the delivery now.
      const refused = isDefinitive(err);
      const final = refused || delivery.attempts >= this.opts.maxAttempts;
      // An open circuit says when the system may be tried again: no point retrying before that.
      const pause = err instanceof UpstreamError ? (err.retryAfterMs ?? 0) : 0;
      const retryAt = final ? null : new Date(Date.now() + Math.max(pause, this.backoff(delivery.attempts)));
      this.logger.warn(refused ? 'delivery refused by the system (definitive answer, not retried)' : final ? 'delivery failed for good (dead letter)' : 'delivery attempt failed; will retry', {
        intakeId: intake.id,
        system: delivery.system,
        attempt: delivery.attempts,
        error: errorText(err),
      });
      try {
        await this.recorded('failed attempt', claim, () => this.store.failDelivery(claim, errorText(err), retryAt));
        if (!retryAt) this.metrics?.completedAs(delivery.system, 'failed');
      } catch (storeErr) {
        // Still not recorded: the lease will expire and the delivery be claimed again; nothing is lost.
        this.logger.error('could not record the failed attempt', { intakeId: intake.id, system: delivery.system, error: errorText(storeErr) });
      }
    }
  }

  /**
   * "Equal jitter": half the exponential step for sure, half at random. Unlike full jitter it
   * never retries at once, so a system that is down gets real time to come back before the
   * attempts run out (~4 minutes with the defaults).
   */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** (attempt - 1));
    return Math.floor(ceiling / 2 + (this.opts.random() * ceiling) / 2);
  }
}

/** Error text safe to store and show: upstream errors are coded and carry no personal data. */
function errorText(err: unknown): string {
  if (isDefinitive(err)) return `REFUSED: ${err.message} Not retried, the answer will not change: reconcile the records, then retry the delivery.`;
  if (err instanceof UpstreamError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
