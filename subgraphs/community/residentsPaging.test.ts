import { population, type SeedResident } from '../../systems/seed/population';
import { startCommunity, type CommunityUnderTest } from '../../tests/support/communitySubgraph';

interface Connection {
  residents: {
    nodes: Record<string, unknown>[];
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
    totalCount: number;
  };
}

// What a department reads of every resident; sex, birth date and address are the community's own (residentEntities.test.ts).
const FIELDS = 'idNumber name community registryStatus registryStatusSince';
const PAGE = `query($first: Int, $after: String) { residents(first: $first, after: $after) { nodes { ${FIELDS} } pageInfo { endCursor hasNextPage } totalCount } }`;

const asNode = (r: SeedResident) => ({
  idNumber: r.idNumber,
  name: r.name,
  community: r.community,
  registryStatus: r.registry.status,
  registryStatusSince: r.registry.statusSince,
});

describe('residents(first, after)', () => {
  let community: CommunityUnderTest;
  const sorted = [...population().residents].sort((a, b) => (a.idNumber < b.idNumber ? -1 : 1));
  beforeAll(async () => {
    community = await startCommunity();
  });
  afterAll(() => community.close());
  beforeEach(() => community.registryCalls());

  it('returns 100 residents matching the seed for ONE list call and no per-resident calls', async () => {
    const res = await community.query<Connection>(PAGE, { first: 100 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.residents.nodes).toEqual(sorted.slice(0, 100).map(asNode));
    expect(community.registryCalls()).toEqual({ list: 1 });
  });

  it('pages through three pages: disjoint, in ID-number order, with hasNextPage and totalCount', async () => {
    const pages: Connection['residents'][] = [];
    let after: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res: { data?: Connection | null; errors?: unknown } = await community.query<Connection>(PAGE, { first: 40, after });
      expect(res.errors).toBeUndefined();
      pages.push(res.data!.residents);
      after = res.data!.residents.pageInfo.endCursor;
    }
    const ids = pages.flatMap((p) => p.nodes.map((n) => n.idNumber));
    expect(ids).toEqual(sorted.slice(0, 120).map((r) => r.idNumber));
    expect(new Set(ids).size).toBe(120);
    for (const page of pages) {
      expect(page.totalCount).toBe(sorted.length);
      expect(page.pageInfo.hasNextPage).toBe(true);
    }
    expect(community.registryCalls()).toEqual({ list: 3 });
  });

  it('says hasNextPage false on the last page', async () => {
    const first = await community.query<Connection>(PAGE, { first: 1 });
    expect(first.data!.residents.pageInfo.endCursor).not.toContain(sorted[0].idNumber); // opaque, not the raw number
    // A cursor pointing at the second-to-last resident leaves one node.
    const cursor = Buffer.from(`resident:${sorted.at(-2)!.idNumber}`).toString('base64url');
    const last = await community.query<Connection>(PAGE, { first: 10, after: cursor });
    expect(last.data!.residents.nodes).toEqual([asNode(sorted.at(-1)!)]);
    expect(last.data!.residents.pageInfo).toEqual({ endCursor: expect.any(String), hasNextPage: false });
  });

  it.each([0, 101, -5])('refuses first: %d with BAD_USER_INPUT naming the argument and rule, calling no system', async (first) => {
    const res = await community.query<Connection>(PAGE, { first });
    // residents is nullable (a caller may be refused it alone): the field is null, not the whole answer.
    expect(res.data?.residents ?? null).toBeNull();
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: ['first'], rule: 'range' }] });
    expect(res.errors![0].message).toContain(`first must be an integer from 1 to 100, but got ${first}`);
    expect(community.registryCalls()).toEqual({});
  });

  it('refuses a cursor it did not issue with BAD_USER_INPUT', async () => {
    for (const after of ['not a cursor!', Buffer.from('resident:123').toString('base64url'), 'eyJpZCI6MX0']) {
      const res = await community.query<Connection>(PAGE, { first: 5, after });
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: ['after'], rule: 'cursor' }] });
    }
    expect(community.registryCalls()).toEqual({});
  });
});
