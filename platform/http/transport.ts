/**
 * How one attempt reaches a department system: through a keep-alive connection pool of its own
 * (undici's request API, which skips fetch's web streams and per-call Request/Response objects),
 * or through an injected `fetch` (tests that lose or garble replies). Either way the call's
 * budget is enforced by the AbortSignal the client passes, never by undici's own timers: those
 * run on a coarse clock and once fired a second late for a 400 ms budget. The pool's
 * headersTimeout and bodyTimeout are therefore set well above the budget, as a backstop only.
 */
import { Pool } from 'undici';

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface TransportReply {
  status: number;
  headers: Headers;
  body: string;
}

export interface Transport {
  send(req: TransportRequest): Promise<TransportReply>;
  /** Closes the connections; safe to call more than once. */
  close(): Promise<void>;
}

export type Fetch = typeof fetch;

export interface PoolOptions {
  /** Most connections open to the system at once; more calls wait for a free one. */
  connections: number;
  /** How long an idle connection is kept open for the next call, in ms (below the system's own keep-alive timeout). */
  keepAliveTimeoutMs: number;
  /** The call's budget, in ms: undici's own timeouts are set above it, as a backstop. */
  budgetMs: number;
}

/** Through `fetch` (Node's global one, or a test's): a fresh request and response object per call. */
export function fetchTransport(baseUrl: string, fetchImpl: Fetch): Transport {
  return {
    async send({ method, path, headers, body, signal }) {
      const res = await fetchImpl(baseUrl + path, { method, headers, body, signal });
      return { status: res.status, headers: res.headers, body: await res.text() };
    },
    close: async () => undefined,
  };
}

/** Through a keep-alive pool of connections to the system's origin (a base URL's path is kept as a prefix of every call's path). */
export function poolTransport(baseUrl: string, options: PoolOptions): Transport {
  const url = new URL(baseUrl);
  const prefix = baseUrl.slice(url.origin.length).replace(/\/$/, '');
  const backstopMs = options.budgetMs + 10_000;
  const pool = new Pool(url.origin, {
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: options.keepAliveTimeoutMs,
    headersTimeout: backstopMs,
    bodyTimeout: backstopMs,
  });
  let closing: Promise<void> | undefined;
  return {
    async send({ method, path, headers, body, signal }) {
      const res = await pool.request({ path: prefix + path, method, headers, body, signal });
      return { status: res.statusCode, headers: toHeaders(res.headers), body: await res.body.text() };
    },
    // Memoised: a client closed twice (a department's close and a test's) must not throw.
    close: () => (closing ??= pool.close().then(() => undefined)),
  };
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.append(name, value);
  }
  return headers;
}
