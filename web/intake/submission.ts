/**
 * One report, sent once: the idempotency key is made when the report is started and kept for
 * every send of it (a double tap joins the send in flight; a lost answer is sent again with
 * the same key, and the server answers the intake it already has). A new key is made only for
 * a new report, or when the server says the key was already used for other content.
 */
import type { FieldProblem, GraphQLOutcome } from '../shared/graphql';
import type { Intake } from './queries';

export type SubmitOutcome =
  | { kind: 'accepted'; intake: Intake }
  /** BAD_USER_INPUT: nothing was stored; the problems go to their fields. */
  | { kind: 'invalid'; problems: FieldProblem[] }
  /** The server refused the caller or the key (UNAUTHENTICATED, FORBIDDEN, IDEMPOTENCY_CONFLICT...). */
  | { kind: 'refused'; code: string }
  /** Stored, but its progress could not be read (STORE_UNAVAILABLE, stored: "yes"): follow it, never report it again. */
  | { kind: 'stored'; intakeId: string }
  /** No answer after every retry: it may or may not have been stored; sending again (same key) is safe. `service`: the one that could not be reached. */
  | { kind: 'unconfirmed'; code: string | null; service?: string };

export type Send = (input: Record<string, unknown>) => Promise<GraphQLOutcome<{ reportPopulationChange: Intake }>>;

/** Worth another try with the same key: nothing was refused, the answer just did not arrive. */
const TRANSIENT_CODES = new Set(['STORE_UNAVAILABLE', 'AUDIT_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'SYSTEM_UNAVAILABLE', 'SYSTEM_TIMEOUT', 'SYSTEM_ERROR', 'SYSTEM_RATE_LIMITED', 'TOO_MANY_REQUESTS']);

/** A fresh key: random, and within the schema's 8-128 characters of [A-Za-z0-9_.:-]. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return `web-${crypto.randomUUID()}`;
  // randomUUID needs a secure context (https); getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export class ReportSubmission {
  private key = newIdempotencyKey();
  private inFlight: Promise<SubmitOutcome> | null = null;

  constructor(
    private readonly send: Send,
    /** Pauses before each retry, in ms; their number is the number of retries. */
    private readonly retryDelaysMs: readonly number[] = [1000, 3000],
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  get idempotencyKey(): string {
    return this.key;
  }

  get busy(): boolean {
    return this.inFlight !== null;
  }

  /** Sends the report (the key is set here); a second call while one is in flight joins it. */
  submit(input: Record<string, unknown>): Promise<SubmitOutcome> {
    this.inFlight ??= this.sendWithRetries({ ...input, idempotencyKey: this.key }).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Starts a new report: the next submit gets a new key. */
  renew(): void {
    this.key = newIdempotencyKey();
  }

  private async sendWithRetries(input: Record<string, unknown>): Promise<SubmitOutcome> {
    let last: SubmitOutcome = { kind: 'unconfirmed', code: null };
    for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt++) {
      if (attempt > 0) await this.sleep(this.retryDelaysMs[attempt - 1]);
      const outcome = await this.send(input);
      if (outcome.kind === 'data') return { kind: 'accepted', intake: outcome.data.reportPopulationChange };
      if (outcome.kind === 'network') {
        last = { kind: 'unconfirmed', code: null };
        continue;
      }
      const first = outcome.errors[0]?.extensions ?? {};
      const code = first.code ?? (outcome.status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'UNKNOWN');
      if (code === 'BAD_USER_INPUT') return { kind: 'invalid', problems: first.fields ?? [] };
      if (first.stored === 'yes' && first.intakeId) return { kind: 'stored', intakeId: first.intakeId };
      if (!TRANSIENT_CODES.has(code) && outcome.status !== 429) {
        if (code === 'IDEMPOTENCY_CONFLICT') this.renew();
        return { kind: 'refused', code };
      }
      last = { kind: 'unconfirmed', code, ...(first.service ? { service: first.service } : {}) };
    }
    return last;
  }
}
