/**
 * A small HTTP load balancer for the replicas of one service (npm start --replicas, the compose
 * topology, the chaos test): round-robin over the replicas whose /healthz answers, probed every
 * `healthIntervalMs`.
 *
 * Retries are for requests that never reached a replica: a refused connection (a replica that
 * died or is restarting) is tried on the next one, whatever the method (and a GET or HEAD, which
 * changes nothing, also when its connection was lost before the answer began). Once a connection was
 * made, the request may have been read and acted on, and a GraphQL request to a subgraph carries
 * a one-time gateway proof that the replay guard refuses a second time, so a connection lost
 * after that is answered 502 with a coded error, never replayed; the caller (the gateway, or a
 * client sending a report with its idempotency key) decides. Each request uses a new connection
 * (no keep-alive towards the replicas), so "refused" always means "nothing was sent".
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';
import { UpstreamSet, type Upstream } from './upstreams';

export interface BalancerOptions {
  /** The service behind it: named in errors and logs. */
  service: string;
  /** Each replica's base URL, e.g. http://127.0.0.1:14001. */
  upstreams: readonly string[];
  /** How often each replica's /healthz is probed. @default 1000 ms */
  healthIntervalMs?: number;
  /** A probe slower than this marks the replica down. @default 1000 ms */
  healthTimeoutMs?: number;
  /** Request bodies are held (to be re-sent on a refused connection) up to this size. @default 16 MiB */
  maxBodyBytes?: number;
  logger?: Logger;
}

export interface RunningBalancer {
  url: string;
  port: number;
  /** The replicas its last probe (or refused connection) found healthy. */
  healthyUpstreams(): string[];
  /** Probes every replica now (tests; the interval does it otherwise). */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/** The balancer's own error code, documented in README.md's error table. */
export const REPLICA_UNAVAILABLE = 'REPLICA_UNAVAILABLE';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

const DEFAULTS = { healthIntervalMs: 1000, healthTimeoutMs: 1000, maxBodyBytes: 16 * 1024 * 1024 };

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection, not to the request.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'];

function forwardedHeaders(headers: IncomingHttpHeaders, bodyLength: number, clientAddress: string | undefined): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = { ...headers };
  for (const h of HOP_BY_HOP) delete out[h];
  out['content-length'] = String(bodyLength);
  if (clientAddress) out['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${clientAddress}` : clientAddress;
  return out;
}

function sendError(res: ServerResponse, status: number, message: string, extensions: Record<string, unknown>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code: REPLICA_UNAVAILABLE, ...extensions } }] }));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

type Attempt = { outcome: 'answered' } | { outcome: 'refused'; error: Error } | { outcome: 'lost'; error: Error };

/** Sends the request to one replica and streams its answer back; says whether a connection was ever made. */
function forward(upstream: Upstream, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<Attempt> {
  return new Promise((resolve) => {
    let connected = false;
    const target = new URL(req.url ?? '/', upstream.url);
    const out = request(target, { method: req.method, headers: forwardedHeaders(req.headers, body.length, req.socket.remoteAddress), agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('error', (error) => resolve({ outcome: 'lost', error }));
      // A replica killed mid-answer: the client's connection ends without a complete reply.
      answer.on('close', () => {
        if (!answer.complete) res.destroy();
      });
      res.once('close', () => resolve({ outcome: 'answered' }));
    });
    out.on('socket', (socket) => socket.once('connect', () => (connected = true)));
    out.on('error', (error) => resolve(connected ? { outcome: 'lost', error } : { outcome: 'refused', error }));
    // The client went away: stop waiting for the replica.
    res.once('close', () => out.destroy());
    out.end(body);
  });
}

export async function startBalancer(options: BalancerOptions, port: number, host = '127.0.0.1'): Promise<RunningBalancer> {
  const settings = { ...DEFAULTS, ...options };
  const upstreams = new UpstreamSet(settings.upstreams);
  const { service, logger } = settings;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, settings.maxBodyBytes);
    if (body === 'too-large') {
      res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      res.end(JSON.stringify({ errors: [{ message: `The request body is above the limit of ${settings.maxBodyBytes} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }));
      return;
    }
    for (const upstream of upstreams.order()) {
      const attempt = await forward(upstream, req, body, res);
      if (attempt.outcome === 'answered') return;
      // GET and HEAD change nothing (RFC 9110 §9.2.2): one lost before its answer began may go to the next replica too.
      if (attempt.outcome === 'lost' && SAFE_METHODS.has(req.method ?? '') && !res.headersSent) {
        logger?.warn('replica dropped a safe request; trying the next', { upstream: upstream.url, error: attempt.error.message });
        continue;
      }
      if (attempt.outcome === 'lost') {
        logger?.warn('replica dropped the connection after the request was sent; not retried', { upstream: upstream.url, error: attempt.error.message });
        sendError(
          res,
          502,
          `A replica of the ${service} service dropped the connection before answering; it is not known whether the request took effect. ` +
            'Try again; send a report again with the same idempotency key (a stored report is returned, never stored twice).',
          { service, stored: 'unknown' },
        );
        return;
      }
      // Refused: nothing was sent, so the next replica may have it.
      upstreams.markDown(upstream);
      logger?.warn('replica refused the connection; trying the next', { upstream: upstream.url, error: attempt.error.message });
    }
    sendError(res, 503, `No replica of the ${service} service accepted the connection; nothing was sent. Try again shortly.`, { service, stored: 'no' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      logger?.error('load balancer failed a request', { error: err instanceof Error ? err.message : String(err) });
      sendError(res, 502, `The load balancer in front of the ${service} service failed; try again.`, { service, stored: 'unknown' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const probe = () => upstreams.probe(settings.healthTimeoutMs);
  void probe();
  let probing = false;
  const timer = setInterval(() => {
    if (probing) return;
    probing = true;
    void probe().finally(() => (probing = false));
  }, settings.healthIntervalMs);
  timer.unref();

  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`,
    port: actual,
    healthyUpstreams: () => upstreams.healthyUrls(),
    probe,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
