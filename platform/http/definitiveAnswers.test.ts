/**
 * The HTTP client's one classification of a system's answers: a reply its retry rule calls not
 * worth retrying (a 4xx other than 429) is a DefinitiveRejection, sent once; a 5xx, a 429 or a
 * timeout is an ordinary UpstreamError, retried, and never definitive.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefinitiveRejection, isDefinitive } from '../errors';
import { HttpClient } from './client';

async function serverAnswering(reply: (res: ServerResponse) => void) {
  let served = 0;
  const server = createServer((_req, res) => {
    served++;
    reply(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, served: () => served, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

describe('HttpClient: definitive answers and what can change', () => {
  it.each([404, 409, 422, 400])('HTTP %i to a retryable write is a DefinitiveRejection after one request, naming the status', async (status) => {
    const s = await serverAnswering((res) => res.writeHead(status).end('{"error":"status_conflict"}'));
    try {
      const client = new HttpClient({ system: 'COMMUNITY_REGISTRY', baseUrl: s.url, backoffBaseMs: 1 });
      const err = await client.request({ method: 'POST', path: '/x', body: '{}', idempotent: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DefinitiveRejection);
      expect(isDefinitive(err)).toBe(true);
      expect(err).toMatchObject({ code: 'SYSTEM_ERROR', system: 'COMMUNITY_REGISTRY', status });
      expect((err as Error).message).toBe(`The community registry (COMMUNITY_REGISTRY) refused the request with HTTP ${status}.`);
      expect(s.served()).toBe(1);
    } finally {
      await s.close();
    }
  });

  it.each([
    ['HTTP 503', (res: ServerResponse) => res.writeHead(503).end()],
    ['HTTP 429', (res: ServerResponse) => res.writeHead(429, { 'Retry-After': '0' }).end()],
  ])('%s is retried and, when it lasts, is not definitive', async (_what, reply) => {
    const s = await serverAnswering(reply);
    try {
      const client = new HttpClient({ system: 'SOCIAL_INSURANCE', baseUrl: s.url, backoffBaseMs: 1, retries: 2 });
      const err = await client.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
      expect(isDefinitive(err)).toBe(false);
      expect(s.served()).toBe(3);
    } finally {
      await s.close();
    }
  });

  it('a timeout is not definitive', async () => {
    const s = await serverAnswering((res) => setTimeout(() => res.writeHead(409).end(), 1500));
    try {
      const client = new HttpClient({ system: 'HEALTH_PLATFORM', baseUrl: s.url, timeoutMs: 200 });
      const err = await client.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'SYSTEM_TIMEOUT' });
      expect(isDefinitive(err)).toBe(false);
    } finally {
      await s.close();
    }
  });
});
