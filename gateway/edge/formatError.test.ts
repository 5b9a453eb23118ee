import { buildSchema, graphql } from 'graphql';
import { withoutEchoedValues } from './formatError';

const ID = '510114200108170029';
const schema = buildSchema('input Change { idNumber: ID! name: String! days: Int! } type Query { report(change: Change!): Int  lookup(n: Int): Int }');
async function messageOf(source: string, variableValues?: Record<string, unknown>): Promise<string> {
  const result = await graphql({ schema, source, variableValues });
  return result.errors![0].message;
}

describe('error messages without echoed values', () => {
  it('drops an input object echoed by a missing field, keeping the rule', async () => {
    const raw = await messageOf('query ($c: Change!) { report(change: $c) }', { c: { idNumber: ID, name: '王小明' } });
    expect(raw).toContain(ID);
    const clean = withoutEchoedValues(raw);
    expect(clean).toBe('Variable "$c" got an invalid value; Field "days" of required type "Int!" was not provided.');
  });

  it('drops an invalid value at a path, keeping the path and the type rule', async () => {
    const raw = await messageOf('query ($c: Change!) { report(change: $c) }', { c: { idNumber: ID, name: '王小明', days: '王小明' } });
    expect(withoutEchoedValues(raw)).toBe('Variable "$c" got an invalid value at "c.days"; Int cannot represent non-integer value');
  });

  it('drops a literal echoed by validation, and masks anything shaped like an ID number', async () => {
    expect(withoutEchoedValues(await messageOf(`{ lookup(n: "${ID}") }`))).toBe('Int cannot represent non-integer value');
    expect(withoutEchoedValues(`something about ${ID}`)).toBe('something about 510114********0029');
  });
});
