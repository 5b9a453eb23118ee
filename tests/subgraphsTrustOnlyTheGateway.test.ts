/**
 * Subgraphs answer the gateway only: a request straight to a subgraph without the gateway's
 * proof (401), with a stale or forged proof, with anything changed after it was signed, or sent
 * a second time (403), gets nothing, `_entities` and `_service` included, and no system is called. And behind the
 * proof, the permissions still hold: a forged join key opens nothing, and a community worker's
 * read of another community's resident is refused by every subgraph, not only at the entry point.
 */
import { COMMUNITIES } from '../systems/seed/communities';
import { population } from '../systems/seed/population';
import type { Caller } from '../platform/auth/caller';
import { CALLER_HEADER, encodeCaller } from '../platform/auth/caller';
import { gatewayHeaders, PROOF_WINDOW_MS } from '../platform/auth/gatewayProof';
import { sealJoinKey } from '../platform/auth/joinKey';
import { DEVELOPMENT_GATEWAY_SECRET } from '../platform/auth/secrets';
import { fetchAsGateway } from './support/asGateway';
import { startStack, type Stack } from './support/stack';

const SUBGRAPHS = ['community', 'civil-affairs', 'hrss', 'health', 'public-security', 'reconciliation'];
const A = population().residents.find((r) => r.health.deceased)!;
const OTHER = COMMUNITIES.find((c) => c.code !== A.community)!.code;
const HEALTH: Caller = { subject: 'test-health', role: 'health' };
const ENTITIES = { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { vitalStatus { deceased } } } }', variables: { r: [{ __typename: 'Resident', idNumber: A.idNumber }] } };
const SERVICE = { query: '{ _service { sdl } }' };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 60_000);
afterAll(() => stack?.close());

const url = (subgraph: string) => `${stack.subgraphs[subgraph].url}/graphql`;

/** POSTs `body` with these headers and says what came back; no system may have been called. */
async function refusedDirectly(subgraph: string, body: string, headers: Record<string, string>): Promise<{ status: number; code: unknown }> {
  const before = await stack.totalSystemRequests();
  const res = await fetch(url(subgraph), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const reply = (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> };
  expect(reply.data).toBeUndefined();
  expect(await stack.totalSystemRequests()).toBe(before);
  return { status: res.status, code: reply.errors?.[0].extensions?.code };
}

const signedFor = (subgraph: string, body: string, caller: Caller = HEALTH, now = Date.now(), secret = DEVELOPMENT_GATEWAY_SECRET) =>
  gatewayHeaders(secret, subgraph, { caller, purpose: 'automated test', requestId: 'req-direct' }, body, now);

describe.each(SUBGRAPHS)('the %s subgraph', (subgraph) => {
  it.each([
    ['_entities', ENTITIES],
    ['_service', SERVICE],
    ['a query', { query: '{ __typename }' }],
  ])('refuses %s sent without the gateway’s proof: 401', async (_name, operation) => {
    expect(await refusedDirectly(subgraph, JSON.stringify(operation), { [CALLER_HEADER]: encodeCaller(HEALTH) })).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuses a proof older than the window: 403', async () => {
    const body = JSON.stringify(ENTITIES);
    expect(await refusedDirectly(subgraph, body, signedFor(subgraph, body, HEALTH, Date.now() - PROOF_WINDOW_MS - 1000))).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('refuses a proof made with another secret: 403', async () => {
    const body = JSON.stringify(SERVICE);
    expect(await refusedDirectly(subgraph, body, signedFor(subgraph, body, HEALTH, Date.now(), 'a-secret-that-is-not-the-platforms-own-secret'))).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('refuses a signed request changed afterwards (another body, another caller, another purpose): 403', async () => {
    const body = JSON.stringify(ENTITIES);
    const headers = signedFor(subgraph, JSON.stringify({ query: '{ __typename }' }));
    expect(await refusedDirectly(subgraph, body, headers)).toEqual({ status: 403, code: 'FORBIDDEN' });
    const escalated = { ...signedFor(subgraph, body), [CALLER_HEADER]: encodeCaller({ subject: 'test-health', role: 'reconciliation' }) };
    expect(await refusedDirectly(subgraph, body, escalated)).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await refusedDirectly(subgraph, body, { ...signedFor(subgraph, body), 'x-purpose': 'something else' })).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('answers a GET with 405, and /healthz to anyone', async () => {
    const get = await fetch(`${url(subgraph)}?query=${encodeURIComponent('{ _service { sdl } }')}`, { headers: signedFor(subgraph, '') });
    expect(get.status).toBe(405);
    expect((await fetch(`${stack.subgraphs[subgraph].url}/healthz`)).status).toBe(200);
  });

  it('answers the same request with a valid proof', async () => {
    const res = await fetchAsGateway(subgraph, url(subgraph), SERVICE, { caller: HEALTH });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { _service: { sdl: string } } }).data._service.sdl).toContain('type Resident');
  });

  it('answers a request captured on its way from the gateway once, and refuses it sent again within the window: 403', async () => {
    const body = JSON.stringify(SERVICE);
    const captured = signedFor(subgraph, body);
    const first = await fetch(url(subgraph), { method: 'POST', headers: { 'content-type': 'application/json', ...captured }, body });
    expect(first.status).toBe(200);
    expect(await refusedDirectly(subgraph, body, captured)).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('refuses a request captured on its way to another subgraph, never used there: 403 (a proof names its subgraph)', async () => {
    const body = JSON.stringify(ENTITIES);
    for (const other of SUBGRAPHS.filter((s) => s !== subgraph)) {
      expect(await refusedDirectly(subgraph, body, signedFor(other, body))).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
  });
});

describe('behind the proof', () => {
  const entities = (subgraph: string, representation: Record<string, unknown>, caller: Caller) =>
    fetchAsGateway(subgraph, url(subgraph), { ...ENTITIES, variables: { r: [{ __typename: 'Resident', ...representation }] } }, { caller }).then(
      (r) => r.json() as Promise<{ data: { _entities: Array<{ vitalStatus: unknown } | null> }; errors?: Array<{ message: string; extensions: { code: string } }> }>,
    );
  const worker = (community: string): Caller => ({ subject: 'test-worker', role: 'community', community });

  it('a join key the platform did not seal opens nothing', async () => {
    const reply = await entities('health', { joinKey: 'jk1.' + Buffer.from('not sealed by the platform').toString('base64url') }, HEALTH);
    expect(reply.data._entities).toEqual([null]);
    expect(reply.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('a join key opens the resident it was sealed for', async () => {
    const reply = await entities('health', { joinKey: sealJoinKey(DEVELOPMENT_GATEWAY_SECRET, { idNumber: A.idNumber }) }, HEALTH);
    expect(reply.errors).toBeUndefined();
    expect(reply.data._entities).toEqual([{ vitalStatus: { deceased: true } }]);
  });

  it.each([
    ['sealed for their own community', A.community, A.community, true],
    ['sealed for another community', A.community, OTHER, false],
    ['sealed without a community', null, A.community, false],
  ])('health answers a community worker about a resident %s only when it is theirs', async (_name, sealedFor, workerOf, allowed) => {
    const joinKey = sealJoinKey(DEVELOPMENT_GATEWAY_SECRET, { idNumber: A.idNumber, community: sealedFor });
    const reply = await entities('health', { joinKey }, worker(workerOf as string));
    if (allowed) expect(reply.data._entities).toEqual([{ vitalStatus: { deceased: true } }]);
    else {
      expect(reply.data._entities).toEqual([{ vitalStatus: null }]);
      expect(reply.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  it('public security answers a community worker about another community’s resident with FORBIDDEN, and calls no system', async () => {
    const query = { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { householdRegistration { status } } } }' };
    const joinKey = sealJoinKey(DEVELOPMENT_GATEWAY_SECRET, { idNumber: A.idNumber, community: A.community });
    const ask = async (caller: Caller) =>
      (await (await fetchAsGateway('public-security', url('public-security'), { ...query, variables: { r: [{ __typename: 'Resident', joinKey }] } }, { caller })).json()) as {
        data: { _entities: unknown[] };
        errors?: Array<{ extensions: { code: string } }>;
      };
    const before = (await stack.stats('HOUSEHOLD_REGISTRATION')).total;
    const foreign = await ask(worker(OTHER));
    expect(foreign.data._entities).toEqual([{ householdRegistration: null }]);
    expect(foreign.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await stack.stats('HOUSEHOLD_REGISTRATION')).total).toBe(before);
    expect((await ask(worker(A.community))).data._entities).toEqual([{ householdRegistration: { status: expect.stringMatching(/^(REGISTERED|CANCELLED_DEATH|CANCELLED_MOVED_OUT)$/) } }]);
  });

  it("the community subgraph checks the registry's word, whatever the reference says", async () => {
    const query = { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { name address } } }', variables: { r: [{ __typename: 'Resident', idNumber: A.idNumber }] } };
    const foreign = (await (await fetchAsGateway('community', url('community'), query, { caller: worker(OTHER) })).json()) as { data: { _entities: unknown[] }; errors: Array<{ extensions: { code: string } }> };
    expect(foreign.data._entities).toEqual([{ name: null, address: null }]);
    expect(foreign.errors.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const own = (await (await fetchAsGateway('community', url('community'), query, { caller: worker(A.community) })).json()) as { data: { _entities: unknown[] } };
    expect(own.data._entities).toEqual([{ name: A.name, address: A.address }]);
  });
});
