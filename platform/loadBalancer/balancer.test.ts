/** The load balancer in front of a service's replicas: round-robin, health, and when it retries. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../../tests/support/childProcess';
import { REPLICA_UNAVAILABLE, startBalancer, type RunningBalancer } from './balancer';
import { balancerConfig } from './config';

interface Replica {
  url: string;
  /** Bodies of the GraphQL requests it received (not its health probes). */
  received: string[];
  healthy: boolean;
  close(): Promise<void>;
}

/** A replica answering `{ replica: name, body }`; `onRequest` may replace the answer (e.g. drop the connection). */
async function replica(name: string, onRequest?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<Replica> {
  const state: Replica = { url: '', received: [], healthy: true, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(state.healthy ? 200 : 503).end();
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      state.received.push(body);
      if (onRequest?.(req, res)) return;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ replica: name, body, method: req.method, path: req.url }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}

const post = (balancer: RunningBalancer, body: string) =>
  fetch(`${balancer.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('the load balancer', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  async function balance(upstreams: string[]): Promise<RunningBalancer> {
    // A long interval: the tests probe when they mean to.
    const balancer = await startBalancer({ service: 'hrss', upstreams, healthIntervalMs: 60_000 }, 0);
    cleanup.push(() => balancer.close());
    await balancer.probe();
    return balancer;
  }
  async function replicas(...made: Promise<Replica>[]): Promise<Replica[]> {
    const all = await Promise.all(made);
    for (const r of all) cleanup.push(() => r.close());
    return all;
  }

  it('takes turns between healthy replicas and passes method, path and body through', async () => {
    const [a, b] = await replicas(replica('a'), replica('b'));
    const balancer = await balance([a.url, b.url]);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await (await post(balancer, `{"n":${i}}`)).json()) as { replica: string; body: string; method: string; path: string });
    expect(answers.map((x) => x.replica)).toEqual(['a', 'b', 'a', 'b']);
    expect(answers[3]).toEqual({ replica: 'b', body: '{"n":3}', method: 'POST', path: '/graphql' });
  });

  it('sends a request whose connection was refused to the next replica, and marks the refusing one down', async () => {
    const [a, b] = await replicas(replica('a'), replica('b'));
    const balancer = await balance([a.url, b.url]);
    expect(balancer.healthyUpstreams()).toEqual([a.url, b.url]);
    // Dies after the probe: the balancer still believes it healthy and learns otherwise from the refused connection.
    await a.close();
    for (let i = 0; i < 3; i++) {
      const res = await post(balancer, '{"query":"{ x }"}');
      expect(res.status).toBe(200);
      expect(((await res.json()) as { replica: string }).replica).toBe('b');
    }
    expect(b.received).toEqual(['{"query":"{ x }"}', '{"query":"{ x }"}', '{"query":"{ x }"}']);
    expect(balancer.healthyUpstreams()).toEqual([b.url]);
  });

  it('tries a replica its probe found down when every healthy one refuses (a stale probe costs one refused connection, not the request)', async () => {
    const [a] = await replicas(replica('a'));
    a.healthy = false;
    const balancer = await balance([a.url]);
    expect(balancer.healthyUpstreams()).toEqual([]);
    expect(((await (await post(balancer, '{}')).json()) as { replica: string }).replica).toBe('a');
  });

  it('skips a replica whose /healthz fails while another is healthy', async () => {
    const [a, b] = await replicas(replica('a'), replica('b'));
    a.healthy = false;
    const balancer = await balance([a.url, b.url]);
    for (let i = 0; i < 4; i++) await post(balancer, '{}');
    expect(a.received).toHaveLength(0);
    expect(b.received).toHaveLength(4);
    a.healthy = true;
    await balancer.probe();
    for (let i = 0; i < 4; i++) await post(balancer, '{}');
    expect(a.received).toHaveLength(2);
  });

  it('never re-sends a request a replica received and dropped (a one-time gateway proof would be refused, a report could be stored twice): 502 with a code', async () => {
    const [a, b] = await replicas(
      replica('a', (req) => {
        req.socket.destroy();
        return true;
      }),
      replica('b'),
    );
    const balancer = await balance([a.url, b.url]);
    const res = await post(balancer, '{"query":"mutation { report }"}');
    expect(res.status).toBe(502);
    const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions).toEqual({ code: REPLICA_UNAVAILABLE, service: 'hrss', stored: 'unknown' });
    expect(body.errors[0].message).toMatch(/same idempotency key/);
    expect(a.received).toHaveLength(1);
    expect(b.received).toHaveLength(0);
  });

  it('sends a GET whose connection was lost to the next replica (it changes nothing)', async () => {
    const [a, b] = await replicas(
      replica('a', (req) => {
        req.socket.destroy();
        return true;
      }),
      replica('b'),
    );
    const balancer = await balance([a.url, b.url]);
    const res = await fetch(`${balancer.url}/desk`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { replica: string; method: string }).replica).toBe('b');
    expect(a.received).toHaveLength(1);
  });

  it('answers 503 with a code saying nothing was sent when every replica refuses', async () => {
    const balancer = await balance([`http://127.0.0.1:${await freePort()}`, `http://127.0.0.1:${await freePort()}`]);
    const res = await post(balancer, '{}');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions).toEqual({ code: REPLICA_UNAVAILABLE, service: 'hrss', stored: 'no' });
  });

  it('finds a replica that came back at its next probe', async () => {
    const port = await freePort();
    const balancer = await balance([`http://127.0.0.1:${port}`]);
    expect(balancer.healthyUpstreams()).toEqual([]);
    const server = createServer((_req, res) => res.writeHead(200).end('ok'));
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => server.close(() => r())));
    await balancer.probe();
    expect(balancer.healthyUpstreams()).toEqual([`http://127.0.0.1:${port}`]);
  });
});

describe('the load balancer process configuration', () => {
  it('names the variable and the rule for a bad replica list', () => {
    expect(() => balancerConfig({ BALANCER_SERVICE: 'hrss', BALANCER_UPSTREAMS: 'http://a:1,ftp://b:2' })).toThrow(/BALANCER_UPSTREAMS/);
    expect(() => balancerConfig({ BALANCER_SERVICE: 'hrss' })).toThrow(/BALANCER_UPSTREAMS/);
  });

  it('reads a comma-separated list of replicas', () => {
    expect(balancerConfig({ BALANCER_SERVICE: 'hrss', BALANCER_PORT: '4003', BALANCER_UPSTREAMS: 'http://hrss-1:4003, http://hrss-2:4003' })).toMatchObject({
      BALANCER_PORT: 4003,
      BALANCER_UPSTREAMS: ['http://hrss-1:4003', 'http://hrss-2:4003'],
    });
  });
});
