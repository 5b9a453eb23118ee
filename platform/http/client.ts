/**
 * The HTTP client every adapter uses to reach its department system: a time budget per call
 * (all attempts share it), retries with exponential backoff and full jitter for idempotent
 * requests, Retry-After honoured on 429, and two circuit breakers per system, one for its reads
 * and one for its writes: a failing write path must not pause the reads that validate new
 * reports (a report is stored and its write retried later). Failures come out as
 * {@link UpstreamError}s coded per the contract and naming the system.
 */
import type { SystemName } from '../../domain/systems';
import { DefinitiveRejection, UpstreamError } from '../errors';
import type { Registry } from '../metrics/registry';
import { CircuitBreaker, type BreakerOptions } from './breaker';
import { systemCallTarget, withSystemCallSpan } from '../tracing/systemCallSpan';

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

export type Fetch = typeof fetch;

export class HttpClient {
  /** The breaker of the system's reads. */
  readonly breaker: CircuitBreaker;
  /** The breaker of the system's writes. */
  readonly writeBreaker: CircuitBreaker;
  private readonly opts: Required<Omit<HttpClientOptions, 'breaker' | 'metrics'>>;

  constructor(options: HttpClientOptions, private readonly fetchImpl: Fetch = fetch) {
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
  }

  get system(): SystemName {
    return this.opts.system;
  }

  /** One system call, retries included, in a span of its own (platform/tracing) that also sends its traceparent. */
  request(req: HttpRequest): Promise<HttpResponse> {
    return withSystemCallSpan(this.opts.system, req.method, systemCallTarget(req.path, req.headers), (traceHeaders) => this.send({ ...req, headers: { ...req.headers, ...traceHeaders } }));
  }

  private async send(req: HttpRequest): Promise<HttpResponse> {
    const { system, timeoutMs, retries } = this.opts;
    const deadline = Date.now() + timeoutMs;
    const idempotent = req.idempotent ?? req.method === 'GET';
    const maxAttempts = idempotent ? retries + 1 : 1;
    const breaker = (req.kind ?? (req.method === 'GET' ? 'read' : 'write')) === 'read' ? this.breaker : this.writeBreaker;
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
        const res = await this.fetchImpl(this.opts.baseUrl + req.path, {
          method: req.method,
          headers: req.headersPerAttempt ? { ...req.headers, ...req.headersPerAttempt() } : req.headers,
          body: req.body,
          signal: AbortSignal.timeout(remaining),
        });
        const body = await res.text();
        if (res.ok || req.accept?.includes(res.status)) {
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

// Duck-typed: the DOMException fetch throws may come from another realm (test runners' vm contexts).
function isTimeout(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
