import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefinitiveRejection, UpstreamError } from '../errors';
import { assertClientFor, HttpClient } from './client';

/** A tiny real HTTP server on port 0 whose replies the test scripts, one per request. */
async function scriptedServer(replies: Array<(res: import('node:http').ServerResponse) => void>) {
  let served = 0;
  const server: Server = createServer((_req, res) => {
    const reply = replies[Math.min(served, replies.length - 1)];
    served++;
    reply(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, served: () => served, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

describe('HttpClient', () => {
  it('retries an idempotent read after a 5xx and returns the good answer', async () => {
    const s = await scriptedServer([(res) => res.writeHead(503).end(), (res) => res.writeHead(200).end('ok')]);
    const client = new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: s.url, backoffBaseMs: 1 });
    await expect(client.request({ method: 'GET', path: '/x' })).resolves.toMatchObject({ status: 200, body: 'ok' });
    expect(s.served()).toBe(2);
    await s.close();
  });

  it('does not retry a write that is not idempotent', async () => {
    const s = await scriptedServer([(res) => res.writeHead(500).end()]);
    const client = new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: s.url, backoffBaseMs: 1 });
    await expect(client.request({ method: 'POST', path: '/x', body: '{}' })).rejects.toMatchObject({ code: 'SYSTEM_ERROR', status: 500 });
    expect(s.served()).toBe(1);
    await s.close();
  });

  it('honours Retry-After on 429 and then succeeds', async () => {
    const s = await scriptedServer([(res) => res.writeHead(429, { 'Retry-After': '0.2' }).end(), (res) => res.writeHead(200).end('ok')]);
    const client = new HttpClient({ system: 'SOCIAL_INSURANCE', baseUrl: s.url, timeoutMs: 2000 });
    const started = Date.now();
    await client.request({ method: 'GET', path: '/x' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await s.close();
  });

  it('gives up within the time budget with SYSTEM_TIMEOUT naming the system', async () => {
    const s = await scriptedServer([(res) => setTimeout(() => res.writeHead(200).end('late'), 1500)]);
    const client = new HttpClient({ system: 'HEALTH_PLATFORM', baseUrl: s.url, timeoutMs: 300 });
    const started = Date.now();
    const err = await client.request({ method: 'GET', path: '/x' }).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ code: 'SYSTEM_TIMEOUT', system: 'HEALTH_PLATFORM' });
    // Before the server's late answer (1.5 s): given up at the budget, not waited out.
    expect(Date.now() - started).toBeLessThan(1500);
    await s.close();
  });

  it('reports a refused connection as SYSTEM_UNAVAILABLE and then fails fast with the circuit open', async () => {
    const s = await scriptedServer([(res) => res.end()]);
    await s.close();
    const client = new HttpClient({ system: 'COMMUNITY_REGISTRY', baseUrl: s.url, retries: 0, breaker: { failureThreshold: 2, resetAfterMs: 60_000 } });
    for (let i = 0; i < 2; i++) await expect(client.request({ method: 'GET', path: '/' })).rejects.toMatchObject({ code: 'SYSTEM_UNAVAILABLE' });
    expect(client.breaker.state).toBe('open');
    await expect(client.request({ method: 'GET', path: '/' })).rejects.toThrow(/circuit open/);
  });

  it('keeps reads going while the writes’ circuit is open, and the reverse: one breaker per direction', async () => {
    const s = createServer((req, res) => res.writeHead(req.url === '/write' ? 503 : 200).end('ok'));
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    const client = new HttpClient({ system: 'COMMUNITY_REGISTRY', baseUrl, retries: 0, breaker: { failureThreshold: 2, resetAfterMs: 60_000 } });
    for (let i = 0; i < 2; i++) await expect(client.request({ method: 'POST', path: '/write', idempotent: true })).rejects.toMatchObject({ code: 'SYSTEM_ERROR' });
    expect(client.writeBreaker.state).toBe('open');
    await expect(client.request({ method: 'POST', path: '/write', idempotent: true })).rejects.toThrow(/circuit open/);
    await expect(client.request({ method: 'GET', path: '/read' })).resolves.toMatchObject({ status: 200 });
    // A lookup sent as POST is a read.
    await expect(client.request({ method: 'POST', path: '/lookup', kind: 'read' })).resolves.toMatchObject({ status: 200 });
    expect(client.breaker.state).toBe('closed');
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  });

  it('hands accepted statuses such as 404 back to the adapter', async () => {
    const s = await scriptedServer([(res) => res.writeHead(404).end('{}')]);
    const client = new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: s.url });
    await expect(client.request({ method: 'GET', path: '/x', accept: [404] })).resolves.toMatchObject({ status: 404 });
    await s.close();
  });

  it('applies a request’s own retry rule over the client’s: a reply it calls final is tried once and is definitive', async () => {
    const s = await scriptedServer([(res) => res.writeHead(500).end('<Fault>Client</Fault>'), (res) => res.writeHead(200).end('ok')]);
    const client = new HttpClient({ system: 'ELDERLY_DISABILITY_SUBSIDY', baseUrl: s.url, backoffBaseMs: 1 });
    const clientFault = (status: number, body: string) => status >= 500 && !body.includes('Client');
    await expect(client.request({ method: 'POST', path: '/x', idempotent: true, isRetryable: clientFault })).rejects.toBeInstanceOf(DefinitiveRejection);
    expect(s.served()).toBe(1);
    await s.close();
  });

  it('makes headersPerAttempt afresh for each attempt, over the fixed headers', async () => {
    const seen: Array<string | undefined>[] = [];
    const s = await scriptedServer([(res) => res.writeHead(503).end(), (res) => res.writeHead(200).end('ok')]);
    const client = new HttpClient({ system: 'SOCIAL_INSURANCE', baseUrl: s.url, backoffBaseMs: 1 }, (input, init) => {
      const headers = init?.headers as Record<string, string>;
      seen.push([headers['x-fixed'], headers['x-nonce']]);
      return fetch(input, init);
    });
    let n = 0;
    await expect(client.request({ method: 'GET', path: '/x', headers: { 'x-fixed': 'f', 'x-nonce': 'stale' }, headersPerAttempt: () => ({ 'x-nonce': `n${++n}` }) })).resolves.toMatchObject({ status: 200 });
    expect(seen).toEqual([
      ['f', 'n1'],
      ['f', 'n2'],
    ]);
    await s.close();
  });

  it('refuses to build an adapter on the client of another system', () => {
    const client = new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: 'http://127.0.0.1:1' });
    expect(() => assertClientFor('SOCIAL_ASSISTANCE', client)).not.toThrow();
    expect(() => assertClientFor('HEALTH_PLATFORM', client)).toThrow('An adapter of HEALTH_PLATFORM was given the HTTP client of SOCIAL_ASSISTANCE: build it on clients.HEALTH_PLATFORM');
  });
});
