/**
 * The HTTP client every adapter uses to reach its department system: a time budget per call
 * (all attempts share it), retries with exponential backoff and full jitter for idempotent
 * requests, Retry-After honoured on 429, and two circuit breakers per system, one for its reads
 * and one for its writes: a failing write path must not pause the reads that validate new
 * reports (a report is stored and its write retried later). Failures come out as
 * {@link UpstreamError}s coded per the contract and naming the system.
 *
 * Cheaper calls: one keep-alive connection pool per system (./transport.ts), identical reads in
 * flight at the same time share one request, and a system that takes one record per call gets at
 * most `maxInFlight` calls at once.
 */
import type { SystemName } from '../../domain/systems';
import { DefinitiveRejection, UpstreamError } from '../errors';
import { CircuitBreaker, type BreakerOptions } from './breaker';
import { Slots } from './slots';
import { fetchTransport, isTimeout, poolTransport, type Fetch, type Transport } from './transport';

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
  /** Most calls in flight to the system at once, the rest wait their turn (within their time budget). @default unbounded */
  maxInFlight?: number;
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
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
}

export class HttpClient {
  /** The breaker of the system's reads. */
  readonly breaker: CircuitBreaker;
  /** The breaker of the system's writes. */
  readonly writeBreaker: CircuitBreaker;
  private readonly opts: Required<Omit<HttpClientOptions, 'breaker' | 'maxInFlight'>>;
  private readonly transport: Transport;
  private readonly slots: Slots | undefined;
  /** The identical reads in flight, by {@link sharedReadKey}: a second caller waits for the first's answer. */
  private readonly readsInFlight = new Map<string, Promise<HttpResponse>>();

  /** @param fetchImpl a test's window onto the wire (fault injection); without it, calls go through the system's connection pool. */
  constructor(options: HttpClientOptions, fetchImpl?: Fetch) {
    this.opts = {
      timeoutMs: 2000,
      retries: 2,
      backoffBaseMs: 50,
      backoffMaxMs: 1000,
      isRetryable: (status) => status >= 500 || status === 429,
      random: Math.random,
      ...options,
    };
    this.breaker = new CircuitBreaker(options.breaker);
    this.writeBreaker = new CircuitBreaker(options.breaker);
    this.transport = fetchImpl ? fetchTransport(options.baseUrl, fetchImpl) : poolTransport(options.baseUrl, this.opts.timeoutMs);
    this.slots = options.maxInFlight === undefined ? undefined : new Slots(options.maxInFlight);
  }

  /** Most calls in flight to the system at once (undefined: unbounded). */
  get maxInFlight(): number | undefined {
    return this.slots?.limit;
  }

  get system(): SystemName {
    return this.opts.system;
  }

  /** Sends a request; a read identical to one already in flight shares its answer (or its error) instead of going out again. */
  request(req: HttpRequest): Promise<HttpResponse> {
    const key = sharedReadKey(req);
    if (key === undefined) return this.send(req);
    const pending = this.readsInFlight.get(key);
    if (pending) return pending;
    const sent = this.send(req).finally(() => this.readsInFlight.delete(key));
    this.readsInFlight.set(key, sent);
    return sent;
  }

  /** Closes the pool's idle connections (a process that stops). */
  close(): Promise<void> {
    return this.transport.close();
  }

  /**
   * One call, holding one of the system's slots from its first attempt to its last: the time
   * budget starts when the call gets its turn, so a page of 250 one-record reads is not timed out
   * by its own queue (as with the loader's bound it replaced).
   */
  private async send(req: HttpRequest): Promise<HttpResponse> {
    const release = await this.slots?.acquire();
    try {
      return await this.attempts(req);
    } finally {
      release?.();
    }
  }

  private async attempts(req: HttpRequest): Promise<HttpResponse> {
    const { system, timeoutMs, retries } = this.opts;
    const deadline = Date.now() + timeoutMs;
    const idempotent = req.idempotent ?? req.method === 'GET';
    const maxAttempts = idempotent ? retries + 1 : 1;
    const breaker = kindOf(req) === 'read' ? this.breaker : this.writeBreaker;
    const isRetryable = req.isRetryable ?? this.opts.isRetryable;
    let last: UpstreamError | undefined;

    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (!breaker.tryAcquire()) {
        throw last ?? new UpstreamError(system, 'SYSTEM_UNAVAILABLE', 'is failing repeatedly; calls are paused for a few seconds (circuit open)', undefined, undefined, breaker.msUntilTrial());
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      let waitMs: number | undefined;
      try {
        const res = await this.transport.send({
          method: req.method,
          path: req.path,
          headers: req.headersPerAttempt ? { ...req.headers, ...req.headersPerAttempt() } : req.headers,
          body: req.body,
          timeoutMs: remaining,
        });
        const body = res.body;
        if ((res.status >= 200 && res.status < 300) || req.accept?.includes(res.status)) {
          breaker.onSuccess();
          return { status: res.status, headers: res.headers, body };
        }
        const retryable = isRetryable(res.status, body);
        if (res.status === 429) {
          // Rate limiting is the system protecting itself, not a fault: it does not open the circuit.
          breaker.onSuccess();
          last = new UpstreamError(system, 'SYSTEM_RATE_LIMITED', 'kept answering 429 Too Many Requests', 429, body);
          waitMs = retryAfterMs(res.headers.get('retry-after'));
        } else {
          // Only failures worth retrying count against the circuit: a SOAP Client Fault (HTTP 500) is the caller's mistake, not an outage.
          if (res.status >= 500 && retryable) breaker.onFailure();
          else breaker.onSuccess();
          // A reply not worth retrying is the system's definitive answer (a conflict, a refusal): the caller must not retry it either.
          last = retryable
            ? new UpstreamError(system, 'SYSTEM_ERROR', `answered HTTP ${res.status}`, res.status, body)
            : new DefinitiveRejection(system, `refused the request with HTTP ${res.status}`, res.status, body);
        }
        if (!retryable) throw last;
      } catch (err) {
        if (err instanceof UpstreamError && !isRetryable(err.status ?? 500, err.body ?? '')) throw err;
        if (!(err instanceof UpstreamError)) {
          breaker.onFailure();
          last = isTimeout(err)
            ? new UpstreamError(system, 'SYSTEM_TIMEOUT', `did not answer within ${timeoutMs} ms`)
            : new UpstreamError(system, 'SYSTEM_UNAVAILABLE', 'could not be reached');
        }
      }
      if (attempt < maxAttempts) {
        const backoff = waitMs ?? this.backoff(attempt);
        if (Date.now() + backoff >= deadline) break;
        await sleep(backoff);
      }
    }
    throw last ?? new UpstreamError(system, 'SYSTEM_TIMEOUT', `did not answer within ${timeoutMs} ms`);
  }

  /** Full jitter (AWS architecture blog): uniform in [0, min(max, base * 2^(attempt-1))]. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** (attempt - 1));
    return Math.floor(this.opts.random() * ceiling);
  }
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

/**
 * What makes two reads the same read: method, path with its query, body, headers and how the
 * reply is judged (accepted statuses, the request's own retry rule). Writes are never shared:
 * each one is the caller's own act. undefined: not shareable.
 */
function sharedReadKey(req: HttpRequest): string | undefined {
  if (kindOf(req) !== 'read') return undefined;
  return JSON.stringify([req.method, req.path, req.body ?? null, req.headers ?? {}, req.accept ?? [], req.isRetryable ? ruleId(req.isRetryable) : 0]);
}

const ruleIds = new WeakMap<object, number>();
let rulesSeen = 0;
/** A retry rule's identity as a number: two reads judged by different rules are not the same read. */
function ruleId(rule: object): number {
  const known = ruleIds.get(rule);
  if (known !== undefined) return known;
  ruleIds.set(rule, ++rulesSeen);
  return rulesSeen;
}

function kindOf(req: HttpRequest): 'read' | 'write' {
  return req.kind ?? (req.method === 'GET' ? 'read' : 'write');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
