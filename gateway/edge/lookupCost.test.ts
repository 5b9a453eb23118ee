import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { parse } from 'graphql';
import { lookupCost, UNSIZED_LIST_COST } from './lookupCost';

const schema = Supergraph.build(readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8')).apiSchema().toGraphQLJSSchema();
const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) => lookupCost(schema, parse(query), variables, operationName);
const ID = '510114198001010011';

describe('lookup cost (rate budget units of an operation)', () => {
  it('costs one for a request that looks up no resident', () => {
    expect(cost('{ communities { code name } }')).toBe(1);
  });

  it('costs one more per ID-number argument, aliases and fragments included', () => {
    expect(cost(`{ resident(idNumber: "${ID}") { name } }`)).toBe(2);
    expect(cost(`query ($a: ID!, $b: ID!) { a: resident(idNumber: $a) { name } b: resident(idNumber: $b) { name } ...More } fragment More on Query { c: resident(idNumber: "${ID}") { name } }`, { a: ID, b: ID })).toBe(4);
  });

  it('costs residents(first: N) N, from a literal, a variable or the schema default (50)', () => {
    expect(cost('{ residents(first: 20) { totalCount } }')).toBe(21);
    expect(cost('query ($n: Int) { residents(first: $n) { totalCount } }', { n: 100 })).toBe(101);
    expect(cost('{ residents { totalCount } }')).toBe(51);
  });

  it('costs a list of residents without a size a fixed amount', () => {
    expect(cost('{ departedResidents { idNumber } recordedDeaths { idNumber } }')).toBe(1 + 2 * UNSIZED_LIST_COST);
  });

  it('counts only the operation that runs', () => {
    const doc = `query Cheap { communities { code } } query Dear { residents(first: 90) { totalCount } }`;
    expect(cost(doc, {}, 'Cheap')).toBe(1);
    expect(cost(doc, {}, 'Dear')).toBe(91);
  });

  it('counts an ID number inside an input object (a report answers whether a number and a name match)', () => {
    const mutation = `mutation ($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { id } }`;
    const input = { idempotencyKey: 'key-00000001', kind: 'DEATH', idNumber: ID, name: 'x', effectiveDate: '2026-01-01', community: '510114001001', death: { place: 'home' } };
    expect(cost(mutation, { input })).toBe(2);
  });
});
