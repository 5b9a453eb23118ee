/**
 * A community's reports, found again by what a worker has at hand, through the gateway over real
 * HTTP: the short reference the report answered with (any case, without dashes), the resident's
 * ID number, part of the reported name. Another community's worker finds nothing of it; a QR
 * credential lists nothing; a bad page size is refused naming the field.
 */
import { mintIntakeCredential } from '../platform/auth/intakeCredential';
import { DEVELOPMENT_JWT_SECRET } from '../platform/auth/tokens';
import { consistentResidents } from '../systems/seed/population';
import { deathOf, moveOf, report } from './support/reports';
import { startStack, type Stack } from './support/stack';

interface Listed {
  id: string;
  reference: string;
  status: string;
  change: { name: string; kind: string };
}

describe('a community\'s reports, found by reference, ID number or name', () => {
  let stack: Stack;
  const residents = consistentResidents();
  const community = residents[0]!.community;
  const [first, second] = residents.filter((r) => r.community === community);
  const elsewhere = residents.find((r) => r.community !== community)!;
  let firstInput: Record<string, unknown>;
  let firstReport: { id: string; reference: string };
  let secondReport: { id: string; reference: string };

  const list = async (search: string | null, as = community, first?: number) => {
    const token = await stack.token('community', as);
    return stack.query<{ reports: Listed[] }>('query($search: String, $first: Int) { reports(search: $search, first: $first) { id reference status change { name kind } } }', { search, first }, token);
  };
  const idsFound = async (search: string | null, as = community) => {
    const res = await list(search, as);
    expect(res.errors).toBeUndefined();
    return res.data!.reports.map((r) => r.id);
  };

  beforeAll(async () => {
    stack = await startStack();
    firstInput = deathOf(first!);
    const a = await report(stack, firstInput);
    const b = await report(stack, moveOf(second!));
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    firstReport = a.data!.reportPopulationChange as unknown as { id: string; reference: string };
    secondReport = b.data!.reportPopulationChange as unknown as { id: string; reference: string };
    const withReference = await stack.query<{ intake: { reference: string } }>('query($id: ID!) { intake(id: $id) { reference } }', { id: firstReport.id });
    firstReport.reference = withReference.data!.intake.reference;
    secondReport.reference = (await stack.query<{ intake: { reference: string } }>('query($id: ID!) { intake(id: $id) { reference } }', { id: secondReport.id })).data!.intake.reference;
  }, 60_000);
  afterAll(() => stack?.close());

  it('every report has a short reference without characters people confuse, and the report (sent again) answers with it', async () => {
    expect(firstReport.reference).toMatch(/^RG-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/);
    expect(secondReport.reference).not.toBe(firstReport.reference);
    const token = await stack.token('community', community);
    const again = await stack.query<{ reportPopulationChange: { reference: string } }>('mutation($input: PopulationChangeInput!) { reportPopulationChange(input: $input) { reference } }', { input: firstInput }, token);
    expect(again.data?.reportPopulationChange.reference).toBe(firstReport.reference);
  });

  it('lists the community\'s reports newest first', async () => {
    const ids = await idsFound(null);
    expect(ids.indexOf(secondReport.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(secondReport.id)).toBeLessThan(ids.indexOf(firstReport.id));
  });

  it('finds a report by its reference as a person types it: lower case, without the dashes or the prefix', async () => {
    expect(await idsFound(firstReport.reference)).toEqual([firstReport.id]);
    expect(await idsFound(firstReport.reference.toLowerCase().replace(/-/g, ' '))).toEqual([firstReport.id]);
    expect(await idsFound(firstReport.reference.slice(3).replace('-', ''))).toEqual([firstReport.id]);
  });

  it('finds a report by the resident\'s ID number, and by part of the reported name', async () => {
    expect(await idsFound(second!.idNumber)).toEqual([secondReport.id]);
    const res = await list(first!.name.slice(0, 2));
    expect(res.data!.reports.map((r) => r.id)).toContain(firstReport.id);
    for (const r of res.data!.reports) expect(r.change.name).toContain(first!.name.slice(0, 2));
  });

  it('another community\'s worker finds nothing of it, by reference, ID number or name', async () => {
    const other = elsewhere.community;
    expect(await idsFound(firstReport.reference, other)).toEqual([]);
    expect(await idsFound(first!.idNumber, other)).toEqual([]);
    expect(await idsFound(first!.name, other)).not.toContain(firstReport.id);
  });

  it('a QR credential (a poster anyone may scan) lists nothing', async () => {
    const credential = (await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, community)).token;
    const res = await stack.query('{ reports { id } }', {}, credential);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.data?.reports ?? null).toBeNull();
  });

  it('a page size out of range is refused naming the field and the rule', async () => {
    const res = await list(null, community, 0);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ path: ['first'], rule: 'range' })]);
  });
});
