import { HttpClient } from '../../../../platform/http/client';
import { UpstreamError } from '../../../../platform/errors';
import { COMMUNITIES } from '../../../../systems/seed/communities';
import { population, type SeedResident } from '../../../../systems/seed/population';
import { communityRegistryStandIn } from '../../../../systems/community-registry/standIn';
import { startStandIn, type StartedStandIn } from '../../../../tests/support/standIns';
import { CommunityRegistryAdapter } from '.';

const asPerson = (r: SeedResident) => ({
  idNumber: r.idNumber,
  name: r.name,
  sex: r.sex,
  birthDate: r.birthDate,
  community: r.community,
  dwellingId: r.dwellingId,
  address: r.address,
  status: r.registry.status,
  statusSince: r.registry.statusSince,
});

describe('the community registry adapter reads', () => {
  let registry: StartedStandIn;
  let adapter: CommunityRegistryAdapter;
  const sorted = [...population().residents].sort((a, b) => (a.idNumber < b.idNumber ? -1 : 1));
  beforeAll(async () => {
    registry = await startStandIn(communityRegistryStandIn);
    adapter = new CommunityRegistryAdapter(new HttpClient({ system: 'COMMUNITY_REGISTRY', baseUrl: registry.url, backoffBaseMs: 1, timeoutMs: 10_000 /* not a timing test: hold on a loaded machine */ }));
  });
  afterAll(() => registry.close());
  beforeEach(() => registry.ctx.stats.reset());

  it('lists persons a page at a time as domain persons', async () => {
    const first = await adapter.listPersons({ limit: 3 });
    expect(first).toEqual({ persons: sorted.slice(0, 3).map(asPerson), nextAfter: sorted[2].idNumber, total: sorted.length });
    const second = await adapter.listPersons({ limit: 3, after: first.nextAfter });
    expect(second.persons).toEqual(sorted.slice(3, 6).map(asPerson));
    await expect(adapter.listPersons({ limit: 201 })).rejects.toThrow('limit must be an integer from 1 to 200, but got 201');
  });

  it('lists every departed person (died or moved away), following the pages', async () => {
    const departed = sorted.filter((r) => r.registry.status !== 'RESIDENT');
    expect(departed.length).toBeGreaterThan(50);
    await expect(adapter.listDepartures()).resolves.toEqual(departed.map(asPerson));
    expect(registry.ctx.stats.snapshot().byKind).toEqual({ list: Math.ceil((departed.length + 1) / 200) });
  });

  it('looks up 450 numbers in three calls of at most 200, leaving unknown numbers out', async () => {
    const wanted = population().residents.slice(1000, 1450);
    const found = await adapter.lookupMany([...wanted.map((r) => r.idNumber), '11010519491231002X']);
    expect(found.size).toBe(450);
    expect(found.get(wanted[123].idNumber)).toEqual(asPerson(wanted[123]));
    expect(found.has('11010519491231002X')).toBe(false);
    expect(registry.ctx.stats.snapshot().byKind.lookup).toBe(3);
  });

  it('reads one person, null when unknown', async () => {
    expect(await adapter.getPerson(sorted[9].idNumber)).toEqual(asPerson(sorted[9]));
    expect(await adapter.getPerson('11010519491231002X')).toBeNull();
  });

  it('lists the communities', async () => {
    expect(await adapter.communities()).toEqual(COMMUNITIES);
  });

  it('reads a dwelling with its occupants', async () => {
    const d = population().dwellings[11];
    const dwelling = await adapter.getDwelling(d.dwellingId);
    const living = sorted.filter((r) => r.dwellingId === d.dwellingId && r.registry.status === 'RESIDENT');
    expect(dwelling).toMatchObject({ dwellingId: d.dwellingId, community: d.community, address: d.address, occupancy: living.length, occupants: living.map(asPerson) });
    expect(await adapter.getDwelling('D-none')).toBeNull();
  });

  it('reads a whole community through the CSV export in one call', async () => {
    const persons = await adapter.exportCsv('510114003001');
    expect(persons).toEqual(sorted.filter((r) => r.community === '510114003001').map(asPerson));
    expect(registry.ctx.stats.snapshot().byKind.export).toBe(1);
  });

  it('turns a reply that breaks the protocol into SYSTEM_ERROR instead of passing it on', async () => {
    const garbled = (async () => new Response(JSON.stringify({ items: 'not a list' }), { status: 200 })) as typeof fetch;
    const confused = new CommunityRegistryAdapter(new HttpClient({ system: 'COMMUNITY_REGISTRY', baseUrl: 'http://registry.invalid' }, garbled));
    await expect(confused.communities()).rejects.toMatchObject({ system: 'COMMUNITY_REGISTRY', code: 'SYSTEM_ERROR', message: expect.stringContaining('does not follow its protocol') });
  });

  it('turns a registry that answers errors into SYSTEM_ERROR naming it', async () => {
    await fetch(`${registry.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'error' }) });
    try {
      const failure = await adapter.getPerson(sorted[0].idNumber).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(UpstreamError);
      expect(failure).toMatchObject({ system: 'COMMUNITY_REGISTRY', code: 'SYSTEM_ERROR', status: 500 });
    } finally {
      await fetch(`${registry.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'none' }) });
    }
  });
});
