import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { population } from '../seed/population';
import { communityRegistryStandIn } from './standIn';

interface Page {
  items: { idNumber: string; name: string; communityCode: string; status: string }[];
  nextAfter: string | null;
  total: number;
}

describe('the registry person list (keyset pages)', () => {
  let registry: StartedStandIn;
  beforeAll(async () => {
    registry = await startStandIn(communityRegistryStandIn);
  });
  afterAll(() => registry.close());

  const get = (query: string) => fetch(`${registry.url}/registry/persons?${query}`);

  it('covers every seeded person exactly once, in ID-number order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = (await (await get(`limit=200${after ? `&after=${after}` : ''}`)).json()) as Page;
      expect(page.total).toBe(population().residents.length);
      seen.push(...page.items.map((p) => p.idNumber));
      after = page.nextAfter;
      pages++;
    } while (after !== null);
    const expected = population().residents.map((r) => r.idNumber).sort();
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 200));
    expect(registry.ctx.stats.snapshot().byKind.list).toBe(pages);
  });

  it('answers each person with the seeded identity and registry fields', async () => {
    const page = (await (await get('limit=3')).json()) as Page;
    const first = [...population().residents].sort((a, b) => (a.idNumber < b.idNumber ? -1 : 1))[0];
    expect(page.items[0]).toEqual({
      idNumber: first.idNumber,
      name: first.name,
      sex: first.sex,
      birthDate: first.birthDate,
      communityCode: first.community,
      dwellingId: first.dwellingId,
      address: first.address,
      status: first.registry.status,
      statusSince: first.registry.statusSince,
      movedTo: null,
    });
    expect(page.nextAfter).toBe(page.items[2].idNumber);
  });

  it('ends with nextAfter null on the last page', async () => {
    const last = population().residents.map((r) => r.idNumber).sort().at(-2)!;
    const page = (await (await get(`limit=5&after=${last}`)).json()) as Page;
    expect(page.items).toHaveLength(1);
    expect(page.nextAfter).toBeNull();
  });

  it.each(['0', '201', 'abc'])('refuses limit=%s with 400 naming the rule', async (limit) => {
    const res = await get(`limit=${limit}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_query', issues: [{ path: ['limit'] }] });
  });
});
