/** The audit plugin on a small subgraph schema, executed in-process (no HTTP, no gateway). */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { Caller } from '../auth/caller';
import { createLogger } from '../logger';
import type { RequestContext } from '../server/subgraph';
import { auditPlugin } from './auditPlugin';
import type { AuditEntry, AuditRecord, AuditStore } from './types';

const SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  directive @sensitive on FIELD_DEFINITION | OBJECT
  type Query { resident(idNumber: ID!): Resident  residents: [Resident!]!  version: String!  anomalies: [Anomaly!]! @sensitive  secret: String @sensitive }
  type Anomaly { resident: Resident!  amount: Float }
  type Resident @key(fields: "idNumber") {
    idNumber: ID!
    name: String! @sensitive
    vitalStatus: VitalStatus
    community: String
    broken: String @sensitive
  }
  type VitalStatus @sensitive { deceased: Boolean! }
`);
const A = '510114198001010011';
const B = '510114199002020022';
const PEOPLE: Record<string, { name: string; deceased: boolean }> = { [A]: { name: '测试甲', deceased: false }, [B]: { name: '测试乙', deceased: true } };
const resolvers = {
  Query: {
    resident: (_: unknown, { idNumber }: { idNumber: string }) => (PEOPLE[idNumber] ? { idNumber } : null),
    residents: () => Object.keys(PEOPLE).map((idNumber) => ({ idNumber })),
    version: () => '1',
    anomalies: () => [A, B].map((idNumber) => ({ idNumber, resident: { idNumber }, amount: 1 })),
    secret: () => 'x',
  },
  Resident: {
    __resolveReference: (ref: { idNumber: string }) => ref,
    name: (r: { idNumber: string }) => PEOPLE[r.idNumber].name,
    vitalStatus: (r: { idNumber: string }) => ({ deceased: PEOPLE[r.idNumber].deceased }),
    community: () => '510114001001',
    broken: () => {
      throw new Error('the system is down');
    },
  },
};

class MemoryStore implements AuditStore {
  appended: AuditEntry[][] = [];
  failWith: Error | null = null;
  delayMs = 0;
  async append(entries: readonly AuditEntry[]): Promise<AuditRecord[]> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failWith) throw this.failWith;
    this.appended.push([...entries]);
    return [];
  }
  query = async () => [];
  verify = async () => ({ valid: true, records: 0, brokenAt: null, reason: null, lastIntact: null });
  close = async () => {};
}

const caller: Caller = { subject: 'dev-civil-affairs', role: 'civil-affairs' };
const context = (purpose: string | null = 'benefit review'): RequestContext =>
  ({ requestId: 'req-7', caller, purpose, logger: createLogger('test', 'silent') }) as RequestContext;

async function serverWith(store: AuditStore, options = {}) {
  const server = new ApolloServer<RequestContext>({ schema: buildSubgraphSchema({ typeDefs: SDL, resolvers: resolvers as never }), plugins: [auditPlugin(store, options), ApolloServerPluginInlineTraceDisabled()] });
  await server.start();
  return server;
}

async function run(server: ApolloServer<RequestContext>, query: string, contextValue = context(), variables?: Record<string, unknown>) {
  const result = await server.executeOperation({ query, variables }, { contextValue });
  if (result.body.kind !== 'single') throw new Error('expected a single result');
  return result.body.singleResult;
}

describe('audit plugin', () => {
  let store: MemoryStore;
  let server: ApolloServer<RequestContext>;
  beforeEach(async () => {
    store = new MemoryStore();
    server = await serverWith(store);
  });
  afterEach(() => server.stop());

  it('records one READ per request naming every resident with the sensitive fields resolved (field or type marked), not the others', async () => {
    const result = await run(server, '{ residents { idNumber name community vitalStatus { deceased } } }');
    expect(result.errors).toBeUndefined();
    expect(store.appended).toEqual([
      [
        {
          requestId: 'req-7',
          subject: 'dev-civil-affairs',
          role: 'civil-affairs',
          purpose: 'benefit review',
          action: 'READ',
          reads: [
            { residentId: A, fields: ['name', 'vitalStatus'] },
            { residentId: B, fields: ['name', 'vitalStatus'] },
          ],
        },
      ],
    ]);
  });

  it('records reads through _entities (the gateway fetching a department’s fields), aliases counted once per field', async () => {
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { a: name b: name } } }`;
    await run(server, query, context(), { r: [{ __typename: 'Resident', idNumber: B }] });
    expect(store.appended).toEqual([[expect.objectContaining({ reads: [{ residentId: B, fields: ['name'] }] })]]);
  });

  it('records a sensitive root field under each resident its value names, or under no resident', async () => {
    await run(server, '{ anomalies { amount } secret }');
    expect(store.appended).toEqual([
      [expect.objectContaining({ reads: [{ residentId: A, fields: ['anomalies'] }, { residentId: B, fields: ['anomalies'] }, { residentId: null, fields: ['secret'] }] })],
    ]);
  });

  it('writes nothing when no personal field was read', async () => {
    await run(server, '{ version resident(idNumber: "510114198001010011") { idNumber community } }');
    expect(store.appended).toEqual([]);
  });

  it('does not record a personal field that failed to resolve (it disclosed nothing)', async () => {
    const result = await run(server, `{ resident(idNumber: "${A}") { broken } }`);
    expect(result.errors?.[0].path).toEqual(['resident', 'broken']);
    expect(store.appended).toEqual([]);
  });

  it('answers only after the records are stored', async () => {
    store.delayMs = 200;
    const started = Date.now();
    await run(server, `{ resident(idNumber: "${A}") { name } }`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(store.appended).toHaveLength(1);
  });

  it('fails closed: when the store cannot write, the response holds no data, only AUDIT_UNAVAILABLE', async () => {
    store.failWith = new Error('disk full');
    const result = await run(server, `{ version resident(idNumber: "${A}") { idNumber name } }`);
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([{ message: expect.stringMatching(/audit log could not record this read/), extensions: { code: 'AUDIT_UNAVAILABLE' } }]);
    expect(JSON.stringify(result)).not.toContain(A);
    expect(JSON.stringify(result)).not.toContain('测试甲');
  });

  it('refuses a read of personal fields without a declared purpose, writing nothing', async () => {
    const result = await run(server, `{ resident(idNumber: "${A}") { name } }`, context(null));
    expect(result.data).toBeNull();
    expect(result.errors?.[0].extensions?.code).toBe('PURPOSE_REQUIRED');
    expect(store.appended).toEqual([]);
    // Without personal fields, no purpose is needed.
    expect((await run(server, '{ version }', context(null))).data).toEqual({ version: '1' });
  });

  it('lets reads without a purpose through when requirePurpose is off, recording purpose null', async () => {
    const lenient = await serverWith(store, { requirePurpose: false });
    await run(lenient, `{ resident(idNumber: "${A}") { name } }`, context(null));
    expect(store.appended).toEqual([[expect.objectContaining({ purpose: null, reads: [{ residentId: A, fields: ['name'] }] })]]);
    await lenient.stop();
  });
});
