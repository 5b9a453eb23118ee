/**
 * A QR credential reports for its community and follows its reports, and reads nothing else:
 * a photographed notice is no key to the residents' data.
 */
import { mintIntakeCredential } from '../platform/auth/intakeCredential';
import { DEVELOPMENT_JWT_SECRET } from '../platform/auth/tokens';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf } from './support/reports';

describe('the scope of a QR credential', () => {
  let stack: Stack;
  let credential: string;
  const person = consistentResidents().find((r) => r.community === '510114001001')!;
  beforeAll(async () => {
    stack = await startStack();
    credential = (await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, '510114001001')).token;
  }, 60_000);
  afterAll(() => stack?.close());

  it('may report, read its report back and list the communities', async () => {
    const reported = await stack.query<{ reportPopulationChange: { id: string } }>(
      'mutation($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { id } }',
      { input: deathOf(person) },
      credential,
    );
    expect(reported.errors).toBeUndefined();
    const read = await stack.query('query($id: ID!) { intake(id: $id) { id status } communities { code } }', { id: reported.data!.reportPopulationChange.id }, credential);
    expect(read.errors).toBeUndefined();
  });

  it.each([
    ['a resident', `{ resident(idNumber: "${consistentResidents()[0].idNumber}") { name } }`],
    ['the residents list', '{ residents(first: 5) { nodes { name } } }'],
    ['forms', '{ forms(period: { preset: THIS_MONTH }) { id } }'],
    ['a resident hidden in a fragment', '{ ...F } fragment F on Query { residents(first: 1) { totalCount } }'],
  ])('may not read %s: FORBIDDEN before any system is asked', async (_label, query) => {
    const before = await stack.totalSystemRequests();
    const res = await stack.query(query, undefined, credential);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.data ?? null).toBeNull();
    expect(await stack.totalSystemRequests()).toBe(before);
  });
});
