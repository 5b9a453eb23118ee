/**
 * The gateway's pool to a subgraph, against a real server on port 0 that counts connections and
 * requests in flight: fetches reuse kept-alive connections, never open more than the bound, and
 * a subgraph that refuses or keeps silent is a SubgraphNoReply, never a hang.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SubgraphNoReply, SubgraphPool, SubgraphPools } from './subgraphPool';

/** Answers each POST with its body and x-test header once `release` lets it go; counts connections and the most requests held at once. */
async function heldServer(shouldHold: (held: number) => boolean) {
  const held: Array<() => void> = [];
  let connections = 0;
  let mostHeld = 0;
  let reachedHold: () => void = () => undefined;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      held.push(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ body, header: req.headers['x-test'] })));
      mostHeld = Math.max(mostHeld, held.length);
      if (!shouldHold(held.length)) held.splice(0).forEach((answer) => answer());
      else reachedHold();
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    connections: () => connections,
    mostHeld: () => mostHeld,
    holding: () => new Promise<void>((resolve) => (reachedHold = resolve)),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('a subgraph pool', () => {
  let pool: SubgraphPool | undefined;
  afterEach(() => pool?.close());

  it('sends fetch after fetch over kept-alive connections, not one connection per fetch', async () => {
    const server = await heldServer(() => false);
    pool = new SubgraphPool(server.url, { connections: 64, timeoutMs: 10_000 });
    for (let i = 0; i < 20; i++) {
      const reply = await pool.post({ 'content-type': 'application/json', 'x-test': `call-${i}` }, `{"n":${i}}`);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('Content-Type')).toBe('application/json');
      expect(await reply.json()).toEqual({ body: `{"n":${i}}`, header: `call-${i}` });
    }
    // undici hands the second fetch a second connection while the first is still being released; after that, reuse only.
    expect(server.connections()).toBeLessThanOrEqual(2);
    await pool.close();
    await server.close();
  });

  it('opens no more connections than its bound, however many fetches are in flight', async () => {
    // The server holds requests until two are waiting: reached only if the pool uses both its connections.
    const server = await heldServer((held) => held < 2);
    pool = new SubgraphPool(server.url, { connections: 2, timeoutMs: 10_000 });
    const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => pool!.post({ 'x-test': String(i) }, '{}')));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(server.connections()).toBe(2);
    expect(server.mostHeld()).toBe(2);
    await pool.close();
    await server.close();
  });

  it('gives up on a subgraph that keeps silent, as out of time', async () => {
    const server = await heldServer(() => true);
    const holding = server.holding();
    pool = new SubgraphPool(server.url, { connections: 1, timeoutMs: 200 });
    const fetching = pool.post({}, '{}');
    await holding;
    await expect(fetching).rejects.toMatchObject({ name: 'TimeoutError', timedOut: true });
    await server.close();
  });

  it('reports a subgraph that refuses the connection as unreachable, without its address', async () => {
    const server = await heldServer(() => false);
    await server.close();
    pool = new SubgraphPool(server.url, { connections: 1, timeoutMs: 10_000 });
    const error = await pool.post({}, '{}').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SubgraphNoReply);
    expect(error).toMatchObject({ timedOut: false, code: 'ECONNREFUSED' });
    expect((error as Error).message).not.toContain('127.0.0.1');
  });
});

describe('the gateway’s pools', () => {
  it('hand every data source built for a subgraph the same pool', async () => {
    const pools = new SubgraphPools(4);
    expect(pools.for('http://127.0.0.1:4001/graphql', 1000)).toBe(pools.for('http://127.0.0.1:4001/graphql', 1000));
    expect(pools.for('http://127.0.0.1:4001/graphql', 1000)).not.toBe(pools.for('http://127.0.0.1:4002/graphql', 1000));
    await pools.close();
  });
});
