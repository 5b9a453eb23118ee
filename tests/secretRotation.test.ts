/**
 * Rotating GATEWAY_SUBGRAPH_SECRET without downtime, over real HTTP through the stack, in the
 * runbook's order (docs/operations.md): subgraphs first accept the new secret as a previous one,
 * then gateways and subgraphs switch to it (keeping the old as previous), then the old is dropped.
 * At each step a gateway replica still on the old secret and one already on the new read the
 * same resident across two subgraphs (the community subgraph seals the join key, health opens
 * it); after the old secret is dropped, whatever was made with it is refused. And JWT_SECRET at a
 * gateway: bearer tokens and QR credentials signed with the old or the new secret are accepted
 * during the overlap, the old refused after.
 */
import { join } from 'node:path';
import { createGateway, type Gateway } from '../gateway/app';
import { gatewayConfig } from '../gateway/config';
import { mintIntakeCredential } from '../platform/auth/intakeCredential';
import { sealJoinKey } from '../platform/auth/joinKey';
import { DEVELOPMENT_JWT_SECRET, mintToken } from '../platform/auth/tokens';
import { departmentConfig, serveDepartment } from '../platform/department';
import { listen, type RunningServer } from '../platform/server/listen';
import { envPrefix } from '../platform/services';
import { communityDepartment } from '../subgraphs/community/subgraph';
import { healthDepartment } from '../subgraphs/health/subgraph';
import { population } from '../systems/seed/population';
import { fetchAsGateway } from './support/asGateway';
import { startStack, TEST_PURPOSE, type Stack } from './support/stack';

const OLD = 'the-old-internal-secret-of-this-district-0001';
const NEW = 'the-new-internal-secret-of-this-district-0002';
const A = population().residents.find((r) => r.health.deceased)!;
const READ = { query: 'query($id: ID!) { resident(idNumber: $id) { name vitalStatus { deceased } } }', variables: { id: A.idNumber } };
const ENTITIES = { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { vitalStatus { deceased } } } }' };
type Touched = 'community' | 'health';
const SERVE: Record<Touched, (env: NodeJS.ProcessEnv, port: number) => Promise<RunningServer>> = {
  community: (env, port) => serveDepartment(communityDepartment, departmentConfig(communityDepartment, env), { port }),
  health: (env, port) => serveDepartment(healthDepartment, departmentConfig(healthDepartment, env), { port }),
};
const TOUCHED = Object.keys(SERVE) as Touched[];

interface Reply {
  status: number;
  data?: { resident: { name: string | null; vitalStatus: { deceased: boolean } | null } | null } | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

let stack: Stack;
interface GatewayReplica {
  url: string;
  close(): Promise<void>;
}
/** A second gateway replica, switched to the new secret while the stack's own stays on the old one. */
let switched: GatewayReplica;

/** Another gateway replica in front of the stack's subgraphs, with its own secrets. */
async function gatewayReplica(secrets: NodeJS.ProcessEnv): Promise<GatewayReplica> {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', SUPERGRAPH_FILE: join(__dirname, '..', 'schema', 'supergraph.graphql'), ...secrets };
  for (const [name, running] of Object.entries(stack.subgraphs)) env[`${envPrefix(name)}_URL`] = running.url;
  const gateway: Gateway = await createGateway(gatewayConfig(env));
  const server = await listen(gateway.app, 0);
  return {
    url: server.url,
    async close() {
      server.server.closeAllConnections();
      await server.close();
      await gateway.stop();
    },
  };
}

beforeAll(async () => {
  const old = { GATEWAY_SUBGRAPH_SECRET: OLD };
  stack = await startStack({ subgraphEnv: old, gatewayEnv: old });
  switched = await gatewayReplica({ GATEWAY_SUBGRAPH_SECRET: NEW, GATEWAY_SUBGRAPH_PREVIOUS_SECRETS: OLD });
}, 60_000);
afterAll(async () => {
  await switched?.close();
  await stack?.close();
});

/** A rolling restart of one subgraph with its secrets changed, on the same port (the gateways keep their URLs). */
async function restart(name: Touched, secrets: { current: string; previous?: string }): Promise<void> {
  const running = stack.subgraphs[name];
  running.server.closeAllConnections();
  await running.close();
  const env = { ...stack.subgraphEnv, GATEWAY_SUBGRAPH_SECRET: secrets.current, GATEWAY_SUBGRAPH_PREVIOUS_SECRETS: secrets.previous ?? '' };
  stack.subgraphs[name] = await SERVE[name](env, running.port);
}

async function read(gatewayUrl: string): Promise<Reply> {
  const res = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('civil-affairs')}`, 'x-purpose': TEST_PURPOSE },
    body: JSON.stringify(READ),
  });
  return { status: res.status, ...((await res.json()) as Omit<Reply, 'status'>) };
}

const readsTheResident = (reply: Reply) => {
  expect(reply.errors).toBeUndefined();
  expect(reply.data?.resident).toEqual({ name: A.name, vitalStatus: { deceased: true } });
};

/** The subgraph refused the gateway's proof (403): nothing read. */
const refusedBySubgraphs = (reply: Reply) => {
  expect(reply.data?.resident ?? null).toBeNull();
  expect(reply.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
};

/** Health's answer to a join key sealed with `secret`, sent with a proof signed with `proofSecret`. */
async function healthOpens(secret: string, proofSecret: string): Promise<{ status: number; deceased?: unknown; code?: unknown }> {
  const operation = { ...ENTITIES, variables: { r: [{ __typename: 'Resident', joinKey: sealJoinKey(secret, { idNumber: A.idNumber }) }] } };
  const res = await fetchAsGateway('health', `${stack.subgraphs.health.url}/graphql`, operation, { secret: proofSecret, caller: { subject: 'test-health', role: 'health' } });
  const reply = (await res.json()) as { data?: { _entities: Array<{ vitalStatus: { deceased: boolean } } | null> }; errors?: Array<{ extensions?: { code?: unknown } }> };
  return { status: res.status, deceased: reply.data?._entities[0]?.vitalStatus?.deceased, code: reply.errors?.[0]?.extensions?.code };
}

describe('rotating the internal secret (GATEWAY_SUBGRAPH_SECRET) without downtime', () => {
  it('before: the gateway on the old secret reads; a gateway signing with the new one is refused', async () => {
    readsTheResident(await read(stack.gatewayUrl));
    refusedBySubgraphs(await read(switched.url));
  });

  it('step 1, the new secret added as previous on the subgraphs: gateways on the old and on the new secret both read', async () => {
    for (const name of TOUCHED) await restart(name, { current: OLD, previous: NEW });
    readsTheResident(await read(stack.gatewayUrl));
    readsTheResident(await read(switched.url));
  });

  it('step 2, halfway through switching the subgraphs: join keys sealed with either secret open, proofs with either hold', async () => {
    // community now seals with the new secret, health still with the old one (new as previous).
    await restart('community', { current: NEW, previous: OLD });
    readsTheResident(await read(stack.gatewayUrl));
    readsTheResident(await read(switched.url));
    for (const sealedWith of [OLD, NEW]) for (const provenWith of [OLD, NEW]) expect(await healthOpens(sealedWith, provenWith)).toEqual({ status: 200, deceased: true, code: undefined });
    await restart('health', { current: NEW, previous: OLD });
    readsTheResident(await read(stack.gatewayUrl));
    readsTheResident(await read(switched.url));
  });

  it('step 3, the old secret dropped: the gateway on the new secret reads; proofs and join keys made with the old are refused', async () => {
    for (const name of TOUCHED) await restart(name, { current: NEW });
    readsTheResident(await read(switched.url));
    refusedBySubgraphs(await read(stack.gatewayUrl));
    expect(await healthOpens(NEW, NEW)).toEqual({ status: 200, deceased: true, code: undefined });
    expect(await healthOpens(NEW, OLD)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await healthOpens(OLD, NEW)).toMatchObject({ status: 200, deceased: undefined, code: 'FORBIDDEN' });
  });
});

describe('rotating JWT_SECRET at the gateway', () => {
  const NEW_JWT = 'the-new-jwt-secret-of-this-district-000002';
  /** Authenticated and answered: `{ __typename }` needs a valid token and no subgraph. */
  const accepts = async (gatewayUrl: string, token: string) => {
    const res = await fetch(`${gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"query":"{ __typename }"}' });
    return res.status;
  };

  it('during the overlap tokens and QR credentials signed with the old or the new secret are accepted, after it only the new', async () => {
    const overlap = await gatewayReplica({ GATEWAY_SUBGRAPH_SECRET: NEW, JWT_SECRET: NEW_JWT, JWT_PREVIOUS_SECRETS: DEVELOPMENT_JWT_SECRET });
    const after = await gatewayReplica({ GATEWAY_SUBGRAPH_SECRET: NEW, JWT_SECRET: NEW_JWT });
    try {
      const [oldToken, newToken] = [await stack.token('health'), await mintToken(NEW_JWT, { role: 'health' })];
      const [oldQr, newQr] = [(await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, A.community)).token, (await mintIntakeCredential(NEW_JWT, A.community)).token];
      for (const token of [oldToken, newToken, oldQr, newQr]) expect(await accepts(overlap.url, token)).toBe(200);
      for (const token of [newToken, newQr]) expect(await accepts(after.url, token)).toBe(200);
      for (const token of [oldToken, oldQr]) expect(await accepts(after.url, token)).toBe(401);
    } finally {
      await Promise.all([overlap.close(), after.close()]);
    }
  });
});
