/**
 * The hardened edge, through real HTTP: every abusive request is refused at the gateway before
 * any subgraph or department system is called (the stand-ins' request counts stay still).
 * The stack's subgraphs and systems are shared; each case runs its own gateway in front of them
 * with the edge settings it needs (production mode, a small rate budget, persisted operations).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway } from '../gateway/app';
import { gatewayConfig, type GatewayConfig } from '../gateway/config';
import { EDGE_LIMITS } from '../gateway/edge';
import { sha256Hex } from '../gateway/edge/persistedOperations';
import { SignJWT } from 'jose';
import { request as httpRequest } from 'node:http';
import { mintIntakeCredential } from '../platform/auth/intakeCredential';
import { DEVELOPMENT_JWT_SECRET, mintToken, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../platform/auth/tokens';
import { envPrefix } from '../platform/services';
import { listen } from '../platform/server/listen';
import { startStack, type Stack } from './support/stack';

interface EdgeGateway {
  url: string;
  close(): Promise<void>;
}

let stack: Stack;
const opened: EdgeGateway[] = [];
const dir = mkdtempSync(join(tmpdir(), 'edge-'));

/** A gateway over the stack's subgraphs; `production` switches the production-only protections on (without production secrets). */
async function gatewayWith(env: NodeJS.ProcessEnv = {}, production = false): Promise<EdgeGateway> {
  const base: NodeJS.ProcessEnv = { NODE_ENV: 'test', SUPERGRAPH_FILE: join(__dirname, '..', 'schema', 'supergraph.graphql'), ...env };
  for (const [name, running] of Object.entries(stack.subgraphs)) base[`${envPrefix(name)}_URL`] = running.url;
  const config = gatewayConfig(base);
  const effective: GatewayConfig = production ? { ...config, production: true, edge: { ...config.edge, production: true } } : config;
  const gateway = await createGateway(effective);
  const server = await listen(gateway.app, 0);
  const edge = {
    url: server.url,
    close: async () => {
      server.server.closeAllConnections();
      await server.close();
      await gateway.stop();
    },
  };
  opened.push(edge);
  return edge;
}

const bearer = async (subject = 'edge-tester') => `Bearer ${await mintToken(DEVELOPMENT_JWT_SECRET, { role: 'civil-affairs', subject })}`;

async function post(gateway: EdgeGateway, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: await bearer(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

/** Runs `attempt` and checks that no department system served a request meanwhile. */
async function refusedAtTheEdge<T>(attempt: () => Promise<T>): Promise<T> {
  const before = await stack.totalSystemRequests();
  const result = await attempt();
  expect(await stack.totalSystemRequests()).toBe(before);
  return result;
}

const NO_STACK = /\bat .+\(.+:\d+:\d+\)|node_modules|\/work\/|\.ts:\d+/;

beforeAll(async () => {
  stack = await startStack();
}, 60_000);
afterAll(async () => {
  await Promise.all(opened.map((g) => g.close()));
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hardened edge: tokens that never (or only far off) expire', () => {
  let gateway: EdgeGateway;
  beforeAll(async () => {
    gateway = await gatewayWith();
  });
  // Signed with the (public) development secret, as anyone holding JWT_SECRET could sign one.
  const forged = (edit: (t: SignJWT) => SignJWT) =>
    edit(new SignJWT({ role: 'supervision' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject('forever').setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setIssuedAt()).sign(
      new TextEncoder().encode(DEVELOPMENT_JWT_SECRET),
    );

  it.each([
    ['without "exp"', (t: SignJWT) => t, /no expiry \("exp" claim\)/],
    ['living ten years', (t: SignJWT) => t.setExpirationTime('3650d'), /longer than the 2678400 seconds accepted \(JWT_MAX_LIFETIME_SECONDS\)/],
  ])('refuses a token %s: 401 UNAUTHENTICATED saying why, before any system is called', async (_name, edit, message) => {
    const res = await refusedAtTheEdge(async () => post(gateway, { query: '{ communities { code } }' }, { authorization: `Bearer ${await forged(edit)}` }));
    expect(res.status).toBe(401);
    expect(res.json.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('accepts the same token with a lifetime inside the maximum', async () => {
    expect((await post(gateway, { query: '{ communities { code } }' }, { authorization: `Bearer ${await forged((t) => t.setExpirationTime('8h'))}` })).status).toBe(200);
  });
});

describe('hardened edge: shape limits', () => {
  let gateway: EdgeGateway;
  beforeAll(async () => {
    gateway = await gatewayWith();
  });

  it('a query a department sends still passes (the limits leave room for real use)', async () => {
    const res = await post(gateway, { query: '{ communities { code } }' });
    expect(res.status).toBe(200);
    expect(res.json.errors).toBeUndefined();
  });

  it(`refuses a depth bomb (deeper than ${EDGE_LIMITS.maxDepth}) before any system is called`, async () => {
    const bomb = `{ intake(id: "x") { change { resident { ${'pension { '.repeat(10)}kind${' }'.repeat(10)} } } } }`;
    const res = await refusedAtTheEdge(() => post(gateway, { query: bomb }));
    expect(res.status).toBe(400);
    expect(res.json.errors?.map((e) => e.message)).toContainEqual(expect.stringMatching(/depth limit of 7 exceeded/));
  });

  it(`refuses an alias flood (more than ${EDGE_LIMITS.maxAliases} aliases) before any system is called`, async () => {
    const flood = `{ ${Array.from({ length: 60 }, (_, i) => `a${i}: resident(idNumber: "510114198001010011") { name }`).join(' ')} }`;
    const res = await refusedAtTheEdge(() => post(gateway, { query: flood }));
    expect(res.status).toBe(400);
    expect(res.json.errors?.map((e) => e.message)).toContainEqual(expect.stringMatching(/Aliases limit of 15 exceeded, found 60/));
  });

  it('refuses an operation of too many tokens', async () => {
    const big = `{ communities { ${Array.from({ length: 1200 }, () => 'code').join(' ')} } }`;
    const res = await refusedAtTheEdge(() => post(gateway, { query: big }));
    expect(res.status).toBe(400);
    expect(res.json.errors?.[0]).toMatchObject({ message: expect.stringMatching(/more tha[nt] 1000 tokens/), extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  });

  it('refuses an oversized body (over 100 kB) with PAYLOAD_TOO_LARGE and no stack trace', async () => {
    const res = await refusedAtTheEdge(() => post(gateway, { query: '{ communities { code } }', variables: { padding: 'x'.repeat(150_000) } }));
    expect(res.status).toBe(413);
    expect(res.json.errors?.[0].extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.text).not.toMatch(NO_STACK);
  });

  it('refuses a body that is not JSON with BAD_REQUEST and no stack trace', async () => {
    const res = await refusedAtTheEdge(() => post(gateway, '{"query": "{ communities { code } }"'));
    expect(res.status).toBe(400);
    expect(res.json.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(res.text).not.toMatch(NO_STACK);
  });

  it('refuses batched operations (one operation per request)', async () => {
    const res = await refusedAtTheEdge(() => post(gateway, [{ query: '{ communities { code } }' }, { query: '{ communities { name } }' }]));
    expect(res.status).toBe(400);
  });
});

describe('hardened edge: errors carry no personal data', () => {
  it('does not echo an invalid input back (graphql-js would quote the ID number and name in its message)', async () => {
    const gateway = await gatewayWith();
    const input = { idempotencyKey: 'edge-test-0001', kind: 'DEATH', idNumber: '510114200108170029', name: '王小明', community: '510114001002' };
    const res = await refusedAtTheEdge(() => post(gateway, { query: 'mutation ($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { id } }', variables: { input } }));
    expect(res.status).toBe(400);
    expect(res.json.errors?.[0].message).toMatch(/Variable "\$input" got an invalid value; Field "effectiveDate" of required type "Date!" was not provided/);
    expect(res.text).not.toContain(input.idNumber);
    expect(res.text).not.toContain(input.name);
  });
});

describe('hardened edge: CSRF prevention', () => {
  let gateway: EdgeGateway;
  beforeAll(async () => {
    gateway = await gatewayWith();
  });

  it('refuses a text/plain POST without a preflight-forcing header', async () => {
    const res = await refusedAtTheEdge(() =>
      fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ communities { code } }' }) }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/);
  });

  it('refuses a GET without a preflight-forcing header, and a GET mutation even with one', async () => {
    const mutation = encodeURIComponent('mutation { retryDelivery(intakeId: "int_x", system: HEALTH_PLATFORM) { id } }');
    const simple = await refusedAtTheEdge(() => fetch(`${gateway.url}/graphql?query=${mutation}`, { headers: { authorization: 'x' } }));
    expect(simple.status).toBe(400);
    const preflighted = await refusedAtTheEdge(async () =>
      fetch(`${gateway.url}/graphql?query=${mutation}`, { headers: { authorization: await bearer(), 'apollo-require-preflight': 'true' } }),
    );
    expect(preflighted.status).toBe(405);
    expect(await preflighted.text()).toMatch(/GET.*mutation|mutation.*GET/i);
  });
});

describe('hardened edge: production mode', () => {
  let production: EdgeGateway;
  let development: EdgeGateway;
  beforeAll(async () => {
    [production, development] = [await gatewayWith({}, true), await gatewayWith()];
  });

  it('refuses introspection in production (and allows it in development)', async () => {
    const res = await refusedAtTheEdge(() => post(production, { query: '{ __schema { types { name } } }' }));
    expect(res.status).toBe(400);
    expect(res.json.errors?.[0].message).toMatch(/introspection is not allowed/i);
    const typeProbe = await post(production, { query: '{ __type(name: "Resident") { fields { name } } }' });
    expect(typeProbe.json.errors?.[0].message).toMatch(/introspection is not allowed/i);
    expect((await post(development, { query: '{ __schema { queryType { name } } }' })).json.errors).toBeUndefined();
  });

  it('answers a misspelt field without suggesting the real one in production (development suggests it)', async () => {
    const query = '{ communities { cod } }';
    const res = await refusedAtTheEdge(() => post(production, { query }));
    expect(res.status).toBe(400);
    expect(res.json.errors?.[0].message).toBe('Cannot query field "cod" on type "Community".');
    expect(res.text).not.toMatch(/Did you mean|\bcode\b[^"]/);
    expect((await post(development, { query })).json.errors?.[0].message).toMatch(/Did you mean "code"/);
  });

  it.each([
    ['a misspelt enum value in the variables', { query: 'query ($t: FormType) { forms(period: { preset: THIS_MONTH }, type: $t) { id } }', variables: { t: 'FUNERAL_GRANT_CLAM' } }],
    ['a misspelt enum value in the document', { query: '{ forms(period: { preset: THIS_MONTH }, type: FUNERAL_GRANT_CLAM) { id } }' }],
    ['a misspelt input field in the variables', { query: 'query ($p: PeriodInput!) { forms(period: $p) { id } }', variables: { p: { prest: 'THIS_MONTH' } } }],
    ['a misspelt argument', { query: '{ forms(perod: { preset: THIS_MONTH }) { id } }' }],
    ['a misspelt type', { query: 'query ($p: PeriodInpt!) { forms(period: $p) { id } }', variables: { p: { preset: 'THIS_MONTH' } } }],
  ])('suggests nothing in production for %s (development does)', async (_name, operation) => {
    const res = await refusedAtTheEdge(() => post(production, operation));
    expect(res.status).toBe(400);
    expect(res.json.errors?.length).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/Did you mean|FUNERAL_GRANT_CLAIM|"preset"|"period"|"PeriodInput"/);
    expect((await post(development, operation)).text).toMatch(/Did you mean/);
  });

  it('shows no stack trace in production when a request fails', async () => {
    const res = await refusedAtTheEdge(() => post(production, '{"query": 42}'));
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(NO_STACK);
    expect(res.text).not.toMatch(/stacktrace/);
  });
});

describe('hardened edge: per-caller rate limit', () => {
  let gateway: EdgeGateway;
  beforeAll(async () => {
    gateway = await gatewayWith({ RATE_LIMIT_CAPACITY: '5', RATE_LIMIT_REFILL_PER_MINUTE: '1' });
  });

  it('answers 429 with Retry-After and RATE_LIMITED once the budget is spent, before any system is called', async () => {
    const caller = { authorization: await bearer('rate-caller-1') };
    for (let i = 0; i < 5; i++) expect((await post(gateway, { query: '{ communities { code } }' }, caller)).status).toBe(200);
    const res = await refusedAtTheEdge(() => post(gateway, { query: '{ communities { code } }' }, caller));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.json.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    // Another caller has a budget of its own.
    expect((await post(gateway, { query: '{ communities { code } }' }, { authorization: await bearer('rate-caller-2') })).status).toBe(200);
  });

  it('counts the residents an operation looks up: aliased ID numbers and page sizes spend the budget', async () => {
    const caller = { authorization: await bearer('rate-caller-3') };
    // 1 for the request + 5 ID numbers = 6: above the whole budget of 5.
    const enumeration = await refusedAtTheEdge(() =>
      post(gateway, { query: `{ ${[1, 2, 3, 4, 5].map((i) => `r${i}: resident(idNumber: "51011419800101001${i}") { __typename }`).join(' ')} }` }, caller),
    );
    expect(enumeration.status).toBe(429);
    expect(enumeration.json.errors?.[0].message).toMatch(/costs 6 units.*more than the whole budget of 5/);
    const page = await refusedAtTheEdge(() => post(gateway, { query: '{ residents(first: 20) { totalCount } }' }, caller));
    expect(page.status).toBe(429);
    expect(page.json.errors?.[0].message).toMatch(/costs 21 units/);
  });
});

describe('hardened edge: the holders of one QR credential each have a budget of their own', () => {
  const COMMUNITY = '510114001001';
  const FOLLOW = { query: 'query ($id: ID!) { intake(id: $id) { id status } }', variables: { id: 'intake-that-does-not-exist' } };
  let credential: string;
  beforeAll(async () => {
    credential = `Bearer ${(await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, COMMUNITY)).token}`;
  });

  /** POSTs as a holder of the credential, from `localAddress` (any of 127/8 reaches the gateway), with extra headers. */
  function asHolder(gateway: EdgeGateway, headers: Record<string, string>, localAddress = '127.0.0.1'): Promise<number> {
    const body = JSON.stringify(FOLLOW);
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${gateway.url}/graphql`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: credential, 'x-purpose': 'community-qr', ...headers } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Spends holder A's whole budget of 3; says what A and then B get next. */
  async function exhaustThenAsk(a: () => Promise<number>, b: () => Promise<number>): Promise<{ a: number; b: number }> {
    for (let i = 0; i < 3; i++) expect(await a()).not.toBe(429);
    return { a: await a(), b: await b() };
  }

  it('behind a trusted proxy (TRUST_PROXY), holders are told apart by X-Forwarded-For: one using up its budget leaves the other’s', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_CAPACITY: '3', RATE_LIMIT_REFILL_PER_MINUTE: '1', TRUST_PROXY: 'loopback' });
    const outcome = await exhaustThenAsk(
      () => asHolder(gateway, { 'x-forwarded-for': '203.0.113.7' }),
      () => asHolder(gateway, { 'x-forwarded-for': '203.0.113.8' }),
    );
    expect(outcome).toEqual({ a: 429, b: 200 });
  });

  it('without a trusted proxy, holders are told apart by their own address, and a forged X-Forwarded-For buys no new budget', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_CAPACITY: '3', RATE_LIMIT_REFILL_PER_MINUTE: '1' });
    const outcome = await exhaustThenAsk(
      () => asHolder(gateway, { 'x-forwarded-for': '203.0.113.7' }, '127.0.0.1'),
      () => asHolder(gateway, {}, '127.0.0.2'),
    );
    expect(outcome).toEqual({ a: 429, b: 200 });
    expect(await asHolder(gateway, { 'x-forwarded-for': '198.51.100.9' }, '127.0.0.1')).toBe(429);
  });
});

describe('hardened edge: persisted operations only', () => {
  const known = '{ communities { code name } }';
  let gateway: EdgeGateway;
  beforeAll(async () => {
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ [sha256Hex(known)]: known }));
    gateway = await gatewayWith({ PERSISTED_OPERATIONS_FILE: manifest });
  });
  const persisted = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

  it('serves a safelisted operation sent by its hash alone', async () => {
    const res = await post(gateway, persisted(sha256Hex(known)));
    expect(res.status).toBe(200);
    expect((res.json.data as { communities: unknown[] }).communities.length).toBeGreaterThan(0);
  });

  it('refuses an operation not in the safelist, by hash or by text, before any system is called', async () => {
    const other = '{ communities { code } }';
    const byHash = await refusedAtTheEdge(() => post(gateway, persisted(sha256Hex(other))));
    expect(byHash.status).toBe(400);
    expect(byHash.json.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    const byText = await refusedAtTheEdge(() => post(gateway, { query: other }));
    expect(byText.json.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
    const smuggled = await refusedAtTheEdge(() => post(gateway, { query: other, ...persisted(sha256Hex(known)) }));
    expect(smuggled.json.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  });
});

describe('persisted operations manifest of the project', () => {
  it('lists every operation the project’s own clients send (npx tsx gateway/edge/persistedManifest.ts regenerates it)', async () => {
    const { manifestOf, MANIFEST_FILE } = await import('../gateway/edge/persistedManifest');
    const { CLIENT_OPERATIONS } = await import('../contract/clientOperations');
    const { loadPersistedManifest } = await import('../gateway/edge/persistedOperations');
    expect(Object.fromEntries(loadPersistedManifest(MANIFEST_FILE))).toEqual(manifestOf(CLIENT_OPERATIONS));
  });
});
