/** Field policies on a small subgraph schema, executed in-process. */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse, type GraphQLSchema } from 'graphql';
import type { Caller } from './caller';
import { RESIDENT_SCOPE } from './entityReferences';
import { enforceFieldPolicies, type PolicyContext } from './fieldPolicy';

const SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  directive @allow(roles: [String!]!) on FIELD_DEFINITION | OBJECT
  directive @sensitive on FIELD_DEFINITION | OBJECT
  directive @masked(unmaskedFor: [String!]!) on FIELD_DEFINITION
  type Query {
    person: Person @allow(roles: ["health", "community", "supervision"])
    unannotated: String
  }
  type Person @key(fields: "joinKey") @allow(roles: ["health", "community", "supervision"]) {
    joinKey: String!
    idNumber: ID @sensitive @masked(unmaskedFor: ["health", "community"])
    diagnosis: String @sensitive @allow(roles: ["health"])
    shoeSize: Int
  }
`);
const ID = '510114195006140028';
let calls: string[] = [];
const resolvers = {
  Query: { person: () => ({ idNumber: ID, [RESIDENT_SCOPE]: '510114001001' }), unannotated: () => (calls.push('unannotated'), 'x') },
  Person: { diagnosis: () => (calls.push('diagnosis'), 'flu'), shoeSize: () => 42, joinKey: () => 'k' },
};

function schemaWith(communityOf?: (id: string) => Promise<string | null>): GraphQLSchema {
  const schema = buildSubgraphSchema({ typeDefs: SDL, resolvers: resolvers as never });
  enforceFieldPolicies<PolicyContext>(schema, communityOf ? { communityOf } : {});
  return schema;
}

async function run(schema: GraphQLSchema, query: string, caller: Caller, purpose: string | null = 'care') {
  const result = await graphql({ schema, source: query, contextValue: { caller, purpose } });
  return { data: result.data as Record<string, Record<string, unknown> | null> | null, errors: (result.errors ?? []).map((e) => `${e.path?.join('.')}: ${e.message}`) };
}

const health: Caller = { subject: 'h', role: 'health' };
const supervision: Caller = { subject: 's', role: 'supervision' };
const worker = (community: string): Caller => ({ subject: 'w', role: 'community', community });

beforeEach(() => {
  calls = [];
});

describe('field policies', () => {
  const schema = schemaWith();

  it('refuses a QR credential every field outside its short list, though its role may read it', async () => {
    const qr: Caller = { subject: 'qr:510114001001:credential-id', role: 'community', community: '510114001001' };
    expect((await run(schema, '{ person { shoeSize } }', worker('510114001001'))).data).toEqual({ person: { shoeSize: 42 } });
    const { data, errors } = await run(schema, '{ person { shoeSize } }', qr);
    expect(data).toEqual({ person: null });
    expect(errors).toEqual([expect.stringMatching(/^person: Forbidden: a QR credential reports and reads back the status of its own reports only; it may not read Query.person/)]);
  });

  it('refuses a field no @allow covers, to everyone, without running its resolver', async () => {
    const { data, errors } = await run(schema, '{ unannotated }', health);
    expect(data).toEqual({ unannotated: null });
    expect(errors).toEqual(['unannotated: Forbidden: the health role may not read Query.unannotated.']);
    expect(calls).toEqual([]);
  });

  it("takes the type's @allow unless the field has its own; a refused field is null alone", async () => {
    const { data, errors } = await run(schema, '{ person { shoeSize diagnosis } }', supervision);
    expect(data).toEqual({ person: { shoeSize: 42, diagnosis: null } });
    expect(errors).toEqual(['person.diagnosis: Forbidden: the supervision role may not read Person.diagnosis.']);
    expect(calls).toEqual([]);
  });

  it('asks for a purpose before personal data is read', async () => {
    const { data, errors } = await run(schema, '{ person { diagnosis shoeSize } }', health, null);
    expect(data).toEqual({ person: { diagnosis: null, shoeSize: 42 } });
    expect(errors[0]).toMatch(/^person.diagnosis: Forbidden: .*X-Purpose header/);
    expect(calls).toEqual([]);
    expect((await run(schema, '{ person { diagnosis } }', health)).data).toEqual({ person: { diagnosis: 'flu' } });
  });

  it('masks for roles not named in @masked, under any alias', async () => {
    expect((await run(schema, '{ person { idNumber } }', health)).data).toEqual({ person: { idNumber: ID } });
    expect((await run(schema, '{ person { a: idNumber ... on Person { b: idNumber } } }', supervision)).data).toEqual({ person: { a: '510114********0028', b: '510114********0028' } });
  });
});

describe("community workers on an entity type", () => {
  it('read it when the subgraph says the resident is in their community, and not otherwise', async () => {
    const schema = schemaWith(async () => '510114002001');
    expect((await run(schema, '{ person { shoeSize } }', worker('510114002001'))).data).toEqual({ person: { shoeSize: 42 } });
    const other = await run(schema, '{ person { shoeSize } }', worker('510114001001'));
    expect(other.data).toEqual({ person: { shoeSize: null } });
    expect(other.errors).toEqual(['person.shoeSize: Forbidden: community workers read residents of their own community only.']);
  });

  it("go by the community sealed in the reference where the subgraph holds no such data", async () => {
    const schema = schemaWith();
    expect((await run(schema, '{ person { shoeSize } }', worker('510114001001'))).data).toEqual({ person: { shoeSize: 42 } });
    expect((await run(schema, '{ person { shoeSize } }', worker('510114003001'))).errors).toHaveLength(1);
  });
});
