/**
 * Fields that take residents by sealed join key: the resolver gets the numbers the keys seal, in
 * order; a key this platform did not seal, or too many keys, is refused before it runs, and no
 * key or number shows in the error.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { graphql, parse } from 'graphql';
import { sealJoinKey } from './joinKey';
import { MAX_JOIN_KEYS, residentsByJoinKey, withJoinKeyArguments } from './joinKeyArguments';

const SECRETS = { current: 'the-current-secret-long-enough-for-hmac-32', previous: ['the-previous-secret-long-enough-for-hmac-3'] };
const IDS = ['510114195006140028', '51011419380101002X'];
const SDL = parse(`
  type Query { candidates(joinKeys: [String!]!): [Resident!] }
  type Resident { idNumber: ID }
`);
const schema = buildSubgraphSchema({ typeDefs: SDL, resolvers: withJoinKeyArguments(SDL, { Query: { candidates: residentsByJoinKey } } as GraphQLResolverMap<unknown>, SECRETS) as GraphQLResolverMap<unknown> });
const run = (keys: unknown[]) => graphql({ schema, source: 'query($k: [String!]!) { candidates(joinKeys: $k) { idNumber } }', variableValues: { k: keys } });

describe('withJoinKeyArguments', () => {
  it('gives the resolver the numbers the keys seal, in the keys order, sealed with the current or a previous secret', async () => {
    const keys = [sealJoinKey(SECRETS.previous[0], { idNumber: IDS[1] }), sealJoinKey(SECRETS.current, { idNumber: IDS[0] })];
    const res = await run(keys);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ candidates: [{ idNumber: IDS[1] }, { idNumber: IDS[0] }] });
  });

  it('refuses a batch holding a key this platform did not seal, FORBIDDEN, naming neither key nor number', async () => {
    const res = await run([sealJoinKey(SECRETS.current, { idNumber: IDS[0] }), IDS[1], sealJoinKey('another-secret-another-secret-another-secret', { idNumber: IDS[1] })]);
    expect(res.data).toEqual({ candidates: null });
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0].message).toBe('Forbidden: a join key was not issued by this platform.');
  });

  it(`refuses more than ${MAX_JOIN_KEYS} keys in one call, BAD_USER_INPUT with the rule`, async () => {
    const key = sealJoinKey(SECRETS.current, { idNumber: IDS[0] });
    const res = await run(Array.from({ length: MAX_JOIN_KEYS + 1 }, () => key));
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: ['joinKeys'], rule: 'max_items' }] });
    expect(res.errors?.[0].message).toContain(`at most ${MAX_JOIN_KEYS} keys, but got ${MAX_JOIN_KEYS + 1}`);
  });

  it('refuses to start a subgraph whose SDL has such a field without a resolver', () => {
    expect(() => withJoinKeyArguments(SDL, {}, SECRETS)).toThrow('Query.candidates takes joinKeys but the subgraph has no resolver for it');
  });
});
