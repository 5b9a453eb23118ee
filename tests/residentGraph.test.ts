/**
 * The resident graph end to end: gateway -> four subgraphs -> five stand-ins, real HTTP on
 * port 0. Values are checked against the synthetic population the stand-ins were seeded from.
 */
import { population, consistentResidents, type SeedResident } from '../systems/seed/population';
import { SYSTEM_NAMES, type SystemName } from '../domain/systems';
import { startStack, type Stack } from './support/stack';

/**
 * No role reads every department's fields (README, "Who may see what"): civil affairs reads the
 * resident with its benefits and the vital status (community, civil-affairs and health
 * subgraphs), HR & social security the pension, a community worker the address.
 */
const RESIDENT_FIELDS = `
  idNumber name community
  subsistenceAllowance { status monthlyAmount }
  elderlySubsidy { status monthlyAmount }
  vitalStatus { deceased deathDate }
`;
const PENSION_FIELDS = 'idNumber pension { kind status monthlyAmount }';

type Row = Record<string, unknown>;

const pick = (row: Row, fields: string[]) => Object.fromEntries(fields.map((f) => [f, row[f]]));
/** What civil affairs reads of a seeded resident. */
const civilAffairsView = (r: SeedResident) => pick(expected(r), ['idNumber', 'name', 'community', 'subsistenceAllowance', 'elderlySubsidy', 'vitalStatus']);
/** What HR & social security reads of a seeded resident. */
const hrssView = (r: SeedResident) => pick(expected(r), ['idNumber', 'pension']);

/** What the graph must say about a seeded resident. */
function expected(r: SeedResident): Row {
  const benefit = (b?: { status: string; monthlyAmount: number }) => (b ? { status: b.status, monthlyAmount: b.monthlyAmount } : null);
  const pension = r.socialInsurance.pension;
  return {
    idNumber: r.idNumber,
    name: r.name,
    address: r.address,
    community: r.community,
    subsistenceAllowance: benefit(r.socialAssistance.subsistenceAllowance),
    elderlySubsidy: benefit(r.elderlyDisability.elderlySubsidy),
    pension: pension ? { kind: pension.kind, status: pension.status, monthlyAmount: pension.monthlyAmount } : null,
    vitalStatus: { deceased: r.health.deceased, deathDate: r.health.deathDate },
  };
}

async function statsTotals(stack: Stack): Promise<Record<SystemName, number>> {
  const entries = await Promise.all(SYSTEM_NAMES.map(async (s) => [s, (await stack.stats(s)).total] as const));
  return Object.fromEntries(entries) as Record<SystemName, number>;
}

describe('the resident graph through the gateway', () => {
  let stack: Stack;
  let civilAffairs: string;
  let hrss: string;
  beforeAll(async () => {
    stack = await startStack({ systemTimeoutMs: 1500 });
    [civilAffairs, hrss] = await Promise.all([stack.token('civil-affairs'), stack.token('hrss')]);
  }, 60_000);
  afterAll(() => stack?.close());

  it('resident(idNumber) returns fields from all four subgraphs matching the stand-ins', async () => {
    const people = [
      consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance && r.socialInsurance.pension)!,
      consistentResidents().find((r) => r.elderlyDisability.elderlySubsidy && r.socialInsurance.pension?.kind === 'EMPLOYEE_RETIREMENT')!,
      population().disagreements.map((d) => population().residents.find((r) => r.idNumber === d.idNumber)!).find((r) => r.health.deceased)!,
    ];
    for (const person of people) {
      const read = async (fields: string, token: string) => {
        const res = await stack.query<{ resident: Row }>(`query($id: ID!) { resident(idNumber: $id) { ${fields} } }`, { id: person.idNumber }, token);
        expect(res.errors).toBeUndefined();
        return res.data!.resident;
      };
      const worker = await stack.token('community', person.community);
      const together = { ...(await read(RESIDENT_FIELDS, civilAffairs)), ...(await read(PENSION_FIELDS, hrss)), ...(await read('address', worker)) };
      expect(together).toEqual(expected(person));
    }
  });

  it('resident(idNumber) is null for a number the registry does not know', async () => {
    const res = await stack.query('{ resident(idNumber: "11010519491231002X") { idNumber name } }', undefined, civilAffairs);
    expect(res.errors).toBeUndefined();
    expect(res.data?.resident).toBeNull();
  });

  it('residents(first, after) pages through the registry in ID-number order with every department’s fields', async () => {
    const sorted = [...population().residents].sort((a, b) => (a.idNumber < b.idNumber ? -1 : 1));
    const first = await stack.query<{ residents: { nodes: Row[]; pageInfo: { endCursor: string; hasNextPage: boolean }; totalCount: number } }>(
      `{ residents(first: 20) { nodes { ${RESIDENT_FIELDS} } pageInfo { endCursor hasNextPage } totalCount } }`,
      undefined,
      civilAffairs,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data!.residents.totalCount).toBe(sorted.length);
    expect(first.data!.residents.pageInfo.hasNextPage).toBe(true);
    expect(first.data!.residents.nodes).toEqual(sorted.slice(0, 20).map(civilAffairsView));
    const second = await stack.query<{ residents: { nodes: Row[] } }>(
      `query($after: String) { residents(first: 20, after: $after) { nodes { ${PENSION_FIELDS} } } }`,
      { after: first.data!.residents.pageInfo.endCursor },
      hrss,
    );
    expect(second.errors).toBeUndefined();
    expect(second.data!.residents.nodes).toEqual(sorted.slice(20, 40).map(hrssView));
  });

  it('residents(first: 100) costs one batched call per batch-capable system and no N+1 anywhere', async () => {
    const callsFor = async (fields: string, token: string) => {
      const before = await statsTotals(stack);
      const res = await stack.query<{ residents: { nodes: Row[] } }>(`{ residents(first: 100) { nodes { ${fields} } } }`, undefined, token);
      expect(res.errors).toBeUndefined();
      expect(res.data!.residents.nodes).toHaveLength(100);
      const after = await statsTotals(stack);
      return Object.fromEntries(SYSTEM_NAMES.map((s) => [s, after[s] - before[s]]));
    };
    expect(await callsFor(RESIDENT_FIELDS, civilAffairs)).toEqual({
      COMMUNITY_REGISTRY: 1, // one page of the registry
      SOCIAL_ASSISTANCE: 1, // one batch lookup of 100
      HEALTH_PLATFORM: 1, // one Bundle search for the vital status
      SOCIAL_INSURANCE: 0,
      ELDERLY_DISABILITY_SUBSIDY: 100, // SOAP: one record per call, never more than one per resident
    });
    expect(await callsFor(PENSION_FIELDS, hrss)).toEqual({
      COMMUNITY_REGISTRY: 1,
      SOCIAL_ASSISTANCE: 0,
      HEALTH_PLATFORM: 0,
      SOCIAL_INSURANCE: 2, // 100 numbers at its page size limit of 50
      ELDERLY_DISABILITY_SUBSIDY: 0,
    });
  });

  it('a system that is down gives partial data and a coded error naming it', async () => {
    await stack.fault('SOCIAL_ASSISTANCE', { mode: 'down' });
    try {
      const person = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance && r.socialInsurance.pension)!;
      const res = await stack.query<{ resident: Row }>(`query($id: ID!) { resident(idNumber: $id) { ${RESIDENT_FIELDS} } }`, { id: person.idNumber }, civilAffairs);
      expect(res.data!.resident).toEqual({ ...civilAffairsView(person), subsistenceAllowance: null });
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]).toMatchObject({ path: ['resident', 'subsistenceAllowance'], extensions: { code: 'SYSTEM_UNAVAILABLE', system: 'SOCIAL_ASSISTANCE' } });
    } finally {
      await stack.fault('SOCIAL_ASSISTANCE', { mode: 'none' });
    }
  });

  it('a slow system is cut off within the time budget, the others answer', async () => {
    await stack.fault('HEALTH_PLATFORM', { mode: 'slow', latencyMs: 8000 });
    try {
      const person = consistentResidents()[10];
      const started = Date.now();
      const res = await stack.query<{ resident: Row }>(`query($id: ID!) { resident(idNumber: $id) { ${RESIDENT_FIELDS} } }`, { id: person.idNumber }, civilAffairs);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(5000);
      expect(res.data!.resident).toEqual({ ...civilAffairsView(person), vitalStatus: null });
      expect(res.errors![0]).toMatchObject({ path: ['resident', 'vitalStatus'], extensions: { code: 'SYSTEM_TIMEOUT', system: 'HEALTH_PLATFORM' } });
    } finally {
      await stack.fault('HEALTH_PLATFORM', { mode: 'none' });
    }
  });

  it.each([
    ['no token', null],
    ['a malformed token', 'abc.def.ghi'],
    ['a token signed with another secret', 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiaGVhbHRoIiwic3ViIjoieCIsImlzcyI6InJlc2lkZW50LWdyYXBoIiwiYXVkIjoicmVzaWRlbnQtZ3JhcGgifQ.c2lnbmF0dXJl'],
  ])('%s gets UNAUTHENTICATED and reaches no system', async (_label, token) => {
    const before = await stack.totalSystemRequests();
    const res = await stack.query(`{ residents(first: 5) { nodes { ${RESIDENT_FIELDS} } } }`, undefined, token);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
    expect(await stack.totalSystemRequests()).toBe(before);
  });
});
