import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { population } from '../seed/population';
import { communityRegistryStandIn } from './standIn';

describe('the registry lookup, person and dwelling reads', () => {
  let registry: StartedStandIn;
  beforeAll(async () => {
    registry = await startStandIn(communityRegistryStandIn);
  });
  afterAll(() => registry.close());

  const lookup = (idNumbers: string[]) =>
    fetch(`${registry.url}/registry/persons/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ idNumbers }) });

  it('finds up to 200 persons in one call and leaves unknown numbers out', async () => {
    const wanted = population().residents.slice(500, 699).map((r) => r.idNumber);
    const res = await lookup([...wanted, '11010519491231002X']);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { idNumber: string }[]; notFound: number };
    expect(body.items.map((p) => p.idNumber).sort()).toEqual([...wanted].sort());
    expect(body.notFound).toBe(1);
    expect(registry.ctx.stats.snapshot().byKind.lookup).toBe(1);
  });

  it('refuses more than 200 numbers, and none, with 400', async () => {
    const ids = population().residents.slice(0, 201).map((r) => r.idNumber);
    const tooMany = await lookup(ids);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ error: 'invalid_lookup', issues: [{ path: ['idNumbers'] }] });
    expect((await lookup([])).status).toBe(400);
  });

  it('reads one person, 404 for an unknown number', async () => {
    const r = population().residents[42];
    const found = await fetch(`${registry.url}/registry/persons/${r.idNumber}`);
    expect(await found.json()).toMatchObject({ idNumber: r.idNumber, name: r.name, dwellingId: r.dwellingId });
    const missing = await fetch(`${registry.url}/registry/persons/11010519491231002X`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'unknown_person', message: 'No person with this ID number is registered.' });
  });

  it('lists a dwelling with its current occupants and occupancy', async () => {
    const { residents, dwellings } = population();
    const d = dwellings[7];
    const living = residents.filter((r) => r.dwellingId === d.dwellingId && r.registry.status === 'RESIDENT').map((r) => r.idNumber).sort();
    const res = await fetch(`${registry.url}/registry/dwellings/${d.dwellingId}`);
    const body = (await res.json()) as { address: string; occupancy: number; occupants: { idNumber: string }[] };
    expect(body.address).toBe(d.address);
    expect(body.occupancy).toBe(living.length);
    expect(body.occupants.map((p) => p.idNumber)).toEqual(living);
  });

  it('lists the district communities', async () => {
    const body = (await (await fetch(`${registry.url}/registry/communities`)).json()) as { items: unknown[] };
    expect(body.items).toHaveLength(4);
    expect(body.items[0]).toEqual({ code: '510114001001', name: '桂湖社区', street: '新都街道' });
  });
});
