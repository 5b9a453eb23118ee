/**
 * How one attempt of the HTTP client reaches the wire. In production: an undici `Pool` per
 * system, whose keep-alive connections are reused call after call (no TCP handshake per record
 * for a one-record-per-call system), with undici's own headers and body timeouts instead of an
 * AbortSignal per call. A test may hand the client a `fetch`-shaped function instead, to lose or
 * reorder replies on purpose (fault injection): {@link fetchTransport}.
 */
import { Pool } from 'undici';

/** One attempt, already resolved against the system's base URL. */
export interface WireRequest {
  method: string;
  /** Path and query, joined to the base URL's own path. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** What is left of the call's time budget, in ms. */
  timeoutMs: number;
}

export interface WireResponse {
  status: number;
  headers: Headers;
  body: string;
}

export interface Transport {
  send(req: WireRequest): Promise<WireResponse>;
  /** Closes idle connections; pending attempts finish first. */
  close(): Promise<void>;
}

export type Fetch = typeof fetch;

/** How long an idle connection is kept for the next call, in ms (the stand-ins' Node servers keep theirs 5 s). */
const KEEP_ALIVE_MS = 4000;

export function poolTransport(baseUrl: string, connectTimeoutMs: number): Transport {
  const url = new URL(baseUrl);
  const prefix = url.pathname.replace(/\/$/, '');
  const pool = new Pool(url.origin, { keepAliveTimeout: KEEP_ALIVE_MS, connect: { timeout: connectTimeoutMs } });
  return {
    async send(req) {
      const res = await pool.request({
        method: req.method as 'GET',
        path: prefix + req.path,
        headers: req.headers,
        body: req.body,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      const body = await res.body.text();
      return { status: res.statusCode, headers: toHeaders(res.headers), body };
    },
    close: () => pool.close(),
  };
}

/** A test's window onto the wire: each attempt goes through `fetchImpl` with an AbortSignal for its budget. */
export function fetchTransport(baseUrl: string, fetchImpl: Fetch): Transport {
  return {
    async send(req) {
      const res = await fetchImpl(baseUrl + req.path, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(req.timeoutMs) });
      return { status: res.status, headers: res.headers, body: await res.text() };
    },
    close: async () => undefined,
  };
}

/** The timeouts of either transport: an aborted fetch, or undici's connect, headers and body timeouts. */
export function isTimeout(err: unknown): boolean {
  // Duck-typed: the DOMException fetch throws may come from another realm (test runners' vm contexts).
  const { name, code } = (err ?? {}) as { name?: unknown; code?: unknown };
  return name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  return headers;
}
