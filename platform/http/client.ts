/**
 * The HTTP client every adapter uses to reach its department system, on cockatiel's policies:
 * a time budget per call that all attempts share (a cooperative timeout whose AbortSignal goes to
 * fetch, so the budget ends the attempt in flight), retries with exponential backoff and full
 * jitter for idempotent requests, Retry-After honoured on 429, and two circuit breakers per
 * system, one for its reads and one for its writes: a failing write path must not pause the reads
 * that validate new reports (a report is stored and its write retried later). Failures come out
 * as {@link UpstreamError}s coded per the contract and naming the system. Every call is counted
 * in the service's registry when it has one (system_calls_total and friends).
 *
 * Calls go through a keep-alive connection pool per client (platform/http/transport.ts), closed
 * with {@link HttpClient.close}; identical reads in flight at once share one call
 * (platform/http/inFlight.ts).
 */
import { BrokenCircuitError, DelegateBackoff, handleWhen, retry, timeout, TimeoutStrategy, type TimeoutPolicy } from 'cockatiel';
import type { SystemName } from '../../domain/systems';
import { DefinitiveRejection, UpstreamError } from '../errors';
import type { Registry } from '../metrics/registry';
import { CircuitBreaker, type BreakerOptions } from './breaker';
import { systemCallTarget, withSystemCallSpan } from '../tracing/systemCallSpan';
import { outcomeOf, SystemCallMetrics } from './systemCallMetrics';
import { InFlightReads, readKey } from './inFlight';
import { fetchTransport, poolTransport, type Fetch, type Transport } from './transport';

export type { Fetch } from './transport';

export interface HttpClientOptions {
  system: SystemName;
  /** Base URL of the system, e.g. http://127.0.0.1:4102 */
  baseUrl: string;
  /** Time budget for one call including its retries, in ms. @default 2000 */
  timeoutMs?: number;
  /** Retries after the first attempt, for idempotent requests. @default 2 */
  retries?: number;
  /** First backoff step in ms; doubles per retry, capped by `backoffMaxMs`, full jitter. @default 50 */
  backoffBaseMs?: number;
  /** @default 1000 */
  backoffMaxMs?: number;
  breaker?: BreakerOptions;
  /** Decides whether a non-2xx reply is worth retrying. @default status >= 500 || status === 429 */
  isRetryable?: (status: number, body: string) => boolean;
  random?: () => number;
  /** The service's registry its system-call metrics go to. @default none recorded */
  metrics?: Registry;
  /** Most connections open to the system at once (the pool's size); further calls queue for one, inside their budget. @default 32 */
  connections?: number;
  /** How long an idle connection is kept for the next call, in ms; keep it below the system's own keep-alive timeout. @default 4000 */
  keepAliveTimeoutMs?: number;
  /**
   * Most one-record calls a loader sends to this system at once for one request (a system
   * without a batch operation, e.g. the SOAP subsidy system): what the system tolerates. @default 8
   */
  concurrency?: number;
  /** Identical reads in flight at once share one call. @default true */
  shareReads?: boolean;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Safe to send again: reads, and writes the system de-duplicates (Idempotency-Key) or that
   * the adapter made safe (read before write). @default true for GET
   */
  idempotent?: boolean;
  /** Statuses the caller handles itself instead of an error (e.g. 404). @default [] */
  accept?: number[];
  /**
   * Which circuit breaker the call counts against: a read (lookups, even over POST) or a write.
   * @default 'read' for GET, 'write' otherwise
   */
  kind?: 'read' | 'write';
  /**
   * Headers made afresh for each attempt, over `headers`: a request signature that carries a
   * timestamp and a nonce (which the system accepts once) must be signed again for a retry.
   */
  headersPerAttempt?: () => Record<string, string>;
  /** This request's rule for which non-2xx replies are worth retrying (a protocol's own, e.g. SOAP faults). @default the client's `isRetryable` */
  isRetryable?: (status: number, body: string) => boolean;
  /**
   * The metrics' name of what this call does, low-cardinality ('lookup', 'lookupBatch', 'write'...):
   * never a path, which carries ID numbers. @default `${method} ${kind}`
   */
  operation?: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
}

/** What one attempt came to, as the circuit breaker sees it: a reply (or a refusal raised after the breaker) is not an outage. */
type Attempt = { reply: HttpResponse } | { refusal: UpstreamError };

/** One call's memory across its attempts. */
interface CallState {
  /** The last attempt's error, thrown when the call gives up (also when the circuit opens under it). */
  last?: UpstreamError;
  /** The Retry-After of the last 429, in ms. */
  retryAfterMs?: number;
  /** The wait before the next attempt, decided with the retry (it must fit in the budget). */
  nextDelayMs: number;
  retriesDecided: number;
  circuitOpen: boolean;
}

export class HttpClient {
  /** The breaker of the system's reads. */
  readonly breaker: CircuitBreaker;
  /** The breaker of the system's writes. */
  readonly writeBreaker: CircuitBreaker;
  private readonly opts: Required<Omit<HttpClientOptions, 'breaker' | 'metrics'>>;
  private readonly budget: TimeoutPolicy;
  private readonly metrics: SystemCallMetrics;
  private readonly transport: Transport;
  private readonly inFlight = new InFlightReads<HttpResponse>();

  /** `fetchImpl`: send through this fetch instead of the connection pool (tests that lose or garble replies). */
  constructor(options: HttpClientOptions, fetchImpl?: Fetch) {
    this.opts = {
      timeoutMs: 2000,
      retries: 2,
      backoffBaseMs: 50,
      backoffMaxMs: 1000,
      isRetryable: (status) => status >= 500 || status === 429,
      random: Math.random,
      connections: 32,
      keepAliveTimeoutMs: 4000,
      concurrency: 8,
      shareReads: true,
      ...options,
    };
    for (const setting of ['connections', 'concurrency'] as const) {
      const value = this.opts[setting];
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`The HTTP client of ${options.system}: ${setting} must be a whole number of at least 1, but got ${value}.`);
    }
    this.transport = fetchImpl
      ? fetchTransport(this.opts.baseUrl, fetchImpl)
      : poolTransport(this.opts.baseUrl, { connections: this.opts.connections, keepAliveTimeoutMs: this.opts.keepAliveTimeoutMs, budgetMs: this.opts.timeoutMs });
    this.budget = timeout(this.opts.timeoutMs, { strategy: TimeoutStrategy.Cooperative, abortOnReturn: true });
    this.metrics = new SystemCallMetrics(options.system, options.metrics);
    this.breaker = new CircuitBreaker(options.breaker);
    this.writeBreaker = new CircuitBreaker(options.breaker);
    for (const [kind, breaker] of [['read', this.breaker], ['write', this.writeBreaker]] as const) {
      this.metrics.breakerState(kind, 'closed');
      breaker.onStateChange((state) => this.metrics.breakerState(kind, state));
    }
  }

  get system(): SystemName {
    return this.opts.system;
  }

  /** Most one-record calls a loader should send to this system at once for one request. */
  get concurrency(): number {
    return this.opts.concurrency;
  }

  /** Closes the connection pool (calls after it fail as SYSTEM_UNAVAILABLE); safe to call more than once. */
  close(): Promise<void> {
    return this.transport.close();
  }

  /**
   * The one entry point: every call to the system goes through here, retries included, in a span
   * of its own (platform/tracing) that also sends its traceparent. A read identical to one in
   * flight (same method, path, body and headers, no per-attempt signature) shares its answer.
   */
  request(req: HttpRequest): Promise<HttpResponse> {
    if (!this.opts.shareReads || !isShareable(req)) return this.traced(req);
    return this.inFlight.share(readKey(req.method, req.path, req.body, req.headers), () => this.traced(req));
  }

  private traced(req: HttpRequest): Promise<HttpResponse> {
    return withSystemCallSpan(this.opts.system, req.method, systemCallTarget(req.path, req.headers), (traceHeaders) => this.measured({ ...req, headers: { ...req.headers, ...traceHeaders } }));
  }

  /** One call, counted and timed in the system-call metrics. */
  private async measured(req: HttpRequest): Promise<HttpResponse> {
    const kind = req.kind ?? (req.method === 'GET' ? 'read' : 'write');
    const operation = req.operation ?? `${req.method} ${kind}`;
    const state: CallState = { nextDelayMs: 0, retriesDecided: 0, circuitOpen: false };
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const reply = await this.send(req, kind === 'read' ? this.breaker : this.writeBreaker, operation, state);
      this.metrics.call(operation, 'ok', seconds());
      return reply;
    } catch (err) {
      this.metrics.call(operation, outcomeOf(err, state.circuitOpen), seconds());
      throw err;
    }
  }

  private async send(req: HttpRequest, breaker: CircuitBreaker, operation: string, state: CallState): Promise<HttpResponse> {
    const { system, timeoutMs, retries } = this.opts;
    const deadline = Date.now() + timeoutMs;
    const isRetryable = req.isRetryable ?? this.opts.isRetryable;
    const idempotent = req.idempotent ?? req.method === 'GET';
    const retrying = retry(
      handleWhen((err) => this.worthRetrying(err, state, deadline, isRetryable)),
      { maxAttempts: idempotent ? retries : 0, backoff: new DelegateBackoff(() => state.nextDelayMs) },
    );
    retrying.onRetry(() => this.metrics.retry(operation));
    try {
      return await this.budget.execute(({ signal }) =>
        retrying.execute(async () => {
          const attempt = await breaker.execute(() => this.attempt(req, signal, isRetryable, state));
          if ('refusal' in attempt) throw attempt.refusal;
          return attempt.reply;
        }, signal),
      );
    } catch (err) {
      if (!(err instanceof BrokenCircuitError)) throw err;
      if (state.last) throw state.last;
      state.circuitOpen = true;
      throw new UpstreamError(system, 'SYSTEM_UNAVAILABLE', 'is failing repeatedly; calls are paused for a few seconds (circuit open)', undefined, undefined, breaker.msUntilTrial());
    }
  }

  /**
   * One request to the system. Throws only what counts against the circuit: no answer (refused
   * connection, timeout) or a retryable 5xx. A 429 (the system protecting itself, not a fault)
   * and a reply not worth retrying (a SOAP Client Fault is the caller's mistake, not an outage)
   * come back as a refusal, thrown after the breaker.
   */
  private async attempt(req: HttpRequest, signal: AbortSignal, isRetryable: (status: number, body: string) => boolean, state: CallState): Promise<Attempt> {
    const { system, timeoutMs } = this.opts;
    let res: HttpResponse;
    try {
      res = await this.transport.send({
        method: req.method,
        path: req.path,
        headers: req.headersPerAttempt ? { ...req.headers, ...req.headersPerAttempt() } : req.headers,
        body: req.body,
        signal,
      });
    } catch (err) {
      state.last = isTimeout(err) || signal.aborted
        ? new UpstreamError(system, 'SYSTEM_TIMEOUT', `did not answer within ${timeoutMs} ms`)
        : new UpstreamError(system, 'SYSTEM_UNAVAILABLE', 'could not be reached');
      throw state.last;
    }
    const { body } = res;
    if ((res.status >= 200 && res.status < 300) || req.accept?.includes(res.status)) return { reply: res };
    const retryable = isRetryable(res.status, body);
    if (res.status === 429) {
      state.retryAfterMs = retryAfterMs(res.headers.get('retry-after'));
      state.last = new UpstreamError(system, 'SYSTEM_RATE_LIMITED', 'kept answering 429 Too Many Requests', 429, body);
      return { refusal: state.last };
    }
    state.retryAfterMs = undefined;
    // A reply not worth retrying is the system's definitive answer (a conflict, a refusal): the caller must not retry it either.
    state.last = retryable
      ? new UpstreamError(system, 'SYSTEM_ERROR', `answered HTTP ${res.status}`, res.status, body)
      : new DefinitiveRejection(system, `refused the request with HTTP ${res.status}`, res.status, body);
    if (res.status >= 500 && retryable) throw state.last;
    return { refusal: state.last };
  }

  /**
   * Whether to send the call again after `err`, deciding the wait too: Retry-After after a 429,
   * else full jitter; no retry when the wait would not end before the budget does (the call gives
   * up at once with the last error rather than run out its time sleeping).
   */
  private worthRetrying(err: Error, state: CallState, deadline: number, isRetryable: (status: number, body: string) => boolean): boolean {
    if (!(err instanceof UpstreamError) || err.definitive) return false;
    if (err.status !== undefined && !isRetryable(err.status, err.body ?? '')) return false;
    const delay = (err.code === 'SYSTEM_RATE_LIMITED' ? state.retryAfterMs : undefined) ?? this.backoff(++state.retriesDecided);
    if (Date.now() + delay >= deadline) return false;
    state.nextDelayMs = delay;
    return true;
  }

  /** Full jitter (AWS architecture blog): uniform in [0, min(max, base * 2^(attempt-1))]. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** (attempt - 1));
    return Math.floor(this.opts.random() * ceiling);
  }
}

/**
 * Whether concurrent identical calls may share one answer: reads only (a GET, or a lookup over
 * POST declared a read and idempotent), never a write, never a call signed afresh per attempt
 * (its nonce is the system's to accept once per call).
 */
function isShareable(req: HttpRequest): boolean {
  if (req.headersPerAttempt) return false;
  const kind = req.kind ?? (req.method === 'GET' ? 'read' : 'write');
  const idempotent = req.idempotent ?? req.method === 'GET';
  return kind === 'read' && idempotent;
}

/** An adapter's guard: the client it is given reaches its own system (a mixed-up client would send one department's calls to another's system). */
export function assertClientFor(system: SystemName, http: HttpClient): void {
  if (http.system !== system) throw new Error(`An adapter of ${system} was given the HTTP client of ${http.system}: build it on clients.${system} of its department's systems.`);
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

// Duck-typed: the DOMException fetch throws may come from another realm (test runners' vm contexts).
function isTimeout(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}
