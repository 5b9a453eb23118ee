/**
 * The client's connection pool and in-flight sharing, against a real server on port 0 that
 * counts requests and connections: identical reads in flight share one call, writes and signed
 * calls never do, calls reuse kept-alive connections, and close is idempotent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient } from './client';

/** Answers every request after `delayMs` with its method, path and body; counts requests and TCP connections. */
async function countingServer(delayMs = 150) {
  let requests = 0;
  let connections = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests++;
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => setTimeout(() => res.writeHead(200, { 'x-served': String(requests) }).end(`${req.method} ${req.url} ${body}`), delayMs));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    connections: () => connections,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

describe('HttpClient connection pool and shared reads', () => {
  let server: Awaited<ReturnType<typeof countingServer>>;
  let client: HttpClient;
  beforeEach(async () => {
    server = await countingServer();
    client = new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: server.url, timeoutMs: 10_000 /* not a timing test */ });
  });
  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('makes one call for identical reads in flight at once, and each caller gets the answer', async () => {
    const replies = await Promise.all(Array.from({ length: 5 }, () => client.request({ method: 'GET', path: '/records/1', headers: { accept: 'application/json' } })));
    expect(server.requests()).toBe(1);
    for (const reply of replies) expect(reply).toMatchObject({ status: 200, body: 'GET /records/1 ' });
  });

  it('shares a lookup over POST declared a read, by its body', async () => {
    const lookup = (body: string) => client.request({ method: 'POST', path: '/lookup', body, kind: 'read', idempotent: true });
    const [a, b, c] = await Promise.all([lookup('{"ids":[1]}'), lookup('{"ids":[1]}'), lookup('{"ids":[2]}')]);
    expect(server.requests()).toBe(2);
    expect(a.body).toBe('POST /lookup {"ids":[1]}');
    expect(b.body).toBe(a.body);
    expect(c.body).toBe('POST /lookup {"ids":[2]}');
  });

  it('never shares writes, reads signed afresh per attempt, or reads with other headers or paths', async () => {
    await Promise.all([
      client.request({ method: 'POST', path: '/write', body: '{}' }),
      client.request({ method: 'POST', path: '/write', body: '{}' }),
      client.request({ method: 'POST', path: '/lookup', body: '{}', kind: 'read' /* not declared idempotent */ }),
      client.request({ method: 'POST', path: '/lookup', body: '{}', kind: 'read' }),
      client.request({ method: 'GET', path: '/signed', headersPerAttempt: () => ({ nonce: 'a' }) }),
      client.request({ method: 'GET', path: '/signed', headersPerAttempt: () => ({ nonce: 'b' }) }),
      client.request({ method: 'GET', path: '/r', headers: { 'x-caller': '1' } }),
      client.request({ method: 'GET', path: '/r', headers: { 'x-caller': '2' } }),
      client.request({ method: 'GET', path: '/other' }),
    ]);
    expect(server.requests()).toBe(9);
  });

  it('asks again once a read has settled: nothing is kept beyond the call', async () => {
    await client.request({ method: 'GET', path: '/records/1' });
    await client.request({ method: 'GET', path: '/records/1' });
    expect(server.requests()).toBe(2);
  });

  it('does not share when sharing is switched off', async () => {
    const unshared = new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: server.url, timeoutMs: 10_000, shareReads: false });
    await Promise.all([unshared.request({ method: 'GET', path: '/x' }), unshared.request({ method: 'GET', path: '/x' })]);
    expect(server.requests()).toBe(2);
    await unshared.close();
  });

  it('sends one call after another over kept-alive connections', async () => {
    for (let i = 0; i < 10; i++) await client.request({ method: 'GET', path: `/records/${i}` });
    expect(server.requests()).toBe(10);
    // A connection may still be finishing its last reply when the next call is sent (the pool then opens a second one), but none is opened per call.
    expect(server.connections()).toBeLessThanOrEqual(2);
  });

  it('opens no more connections than the pool holds', async () => {
    const small = new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: server.url, timeoutMs: 10_000, connections: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => small.request({ method: 'GET', path: `/records/${i}` })));
    expect(server.requests()).toBe(6);
    expect(server.connections()).toBe(2);
    await small.close();
  });

  it('keeps a base URL path as the prefix of every call', async () => {
    const prefixed = new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: `${server.url}/api/v2`, timeoutMs: 10_000 });
    await expect(prefixed.request({ method: 'GET', path: '/records/1' })).resolves.toMatchObject({ body: 'GET /api/v2/records/1 ' });
    await prefixed.close();
  });

  it('gives the reply headers as Headers', async () => {
    const reply = await client.request({ method: 'GET', path: '/h' });
    expect(reply.headers.get('x-served')).toBe('1');
  });

  it('closes idempotently; a call after close fails as SYSTEM_UNAVAILABLE naming the system', async () => {
    await client.request({ method: 'GET', path: '/x' });
    await client.close();
    await expect(client.close()).resolves.toBeUndefined();
    await expect(client.request({ method: 'GET', path: '/x', idempotent: false })).rejects.toMatchObject({ code: 'SYSTEM_UNAVAILABLE', system: 'SOCIAL_ASSISTANCE' });
  });

  it('refuses a pool size or concurrency that is not a whole number of at least 1, naming the setting', () => {
    expect(() => new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: server.url, connections: 0 })).toThrow(/connections must be a whole number of at least 1/);
    expect(() => new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: server.url, concurrency: 2.5 })).toThrow(/concurrency must be a whole number of at least 1/);
  });
});
