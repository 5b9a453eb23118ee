import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { consistentResidents, population } from '../seed/population';
import { communityRegistryStandIn } from './standIn';

describe('recording a population change (POST /registry/changes)', () => {
  let registry: StartedStandIn;
  beforeAll(async () => {
    registry = await startStandIn(communityRegistryStandIn);
  });
  afterAll(() => registry.close());

  const post = (body: object, key?: string) =>
    fetch(`${registry.url}/registry/changes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });
  const writes = (idNumber: string) => (registry.ctx.db.prepare('SELECT COUNT(*) AS n FROM changes WHERE id_number = ?').get(idNumber) as { n: number }).n;
  const personStatus = (idNumber: string) => registry.ctx.db.prepare('SELECT status, status_since, moved_to FROM persons WHERE id_number = ?').get(idNumber);

  it('replays the same key and body without a second write', async () => {
    const p = consistentResidents()[0];
    const change = { idNumber: p.idNumber, kind: 'DEATH', effectiveDate: '2026-11-02', reference: 'INTAKE-1' };
    const first = await post(change, 'key-1');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await post(change, 'key-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(writes(p.idNumber)).toBe(1);
    expect(personStatus(p.idNumber)).toEqual({ status: 'DECEASED', status_since: '2026-11-02', moved_to: null });
    expect(registry.ctx.stats.snapshot().byKind.change).toBe(2);
  });

  it('refuses the same key with another body with 422 and writes nothing', async () => {
    const [a, b] = consistentResidents().slice(1, 3);
    expect((await post({ idNumber: a.idNumber, kind: 'DEATH', effectiveDate: '2026-11-03', reference: 'INTAKE-2' }, 'key-2')).status).toBe(201);
    const reused = await post({ idNumber: b.idNumber, kind: 'DEATH', effectiveDate: '2026-11-03', reference: 'INTAKE-3' }, 'key-2');
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ error: 'idempotency_key_reused' });
    expect(writes(b.idNumber)).toBe(0);
    expect(personStatus(b.idNumber)).toMatchObject({ status: 'RESIDENT' });
  });

  it('takes the person out of the dwelling occupancy, vacant from the day the last occupant leaves', async () => {
    const { residents } = population();
    const single = consistentResidents().find((r) => residents.filter((x) => x.dwellingId === r.dwellingId && x.registry.status === 'RESIDENT').length === 1)!;
    const res = await post({ idNumber: single.idNumber, kind: 'MOVED_OUT', effectiveDate: '2026-10-20', reference: 'INTAKE-4', destination: '成都市武侯区' }, 'key-4');
    expect(await res.json()).toMatchObject({ kind: 'MOVED_OUT', dwelling: { dwellingId: single.dwellingId, occupancy: 0, vacantSince: '2026-10-20' } });
    const dwelling = (await (await fetch(`${registry.url}/registry/dwellings/${single.dwellingId}`)).json()) as { occupancy: number; occupants: unknown[] };
    expect(dwelling).toMatchObject({ occupancy: 0, vacantSince: '2026-10-20', occupants: [] });
    expect(personStatus(single.idNumber)).toEqual({ status: 'MOVED_OUT', status_since: '2026-10-20', moved_to: '成都市武侯区' });
  });

  it('answers 409 status_conflict for a person no longer resident, 404 for an unknown one', async () => {
    const gone = population().residents.find((r) => r.registry.status === 'DECEASED')!;
    const conflict = await post({ idNumber: gone.idNumber, kind: 'MOVED_OUT', effectiveDate: '2026-10-01', reference: 'INTAKE-5' }, 'key-5');
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ error: 'status_conflict', currentStatus: 'DECEASED', statusSince: gone.registry.statusSince });
    const unknown = await post({ idNumber: '11010519491231002X', kind: 'DEATH', effectiveDate: '2026-10-01', reference: 'INTAKE-6' }, 'key-6');
    expect(unknown.status).toBe(404);
    expect(writes(gone.idNumber)).toBe(0);
  });

  it('refuses a malformed change with 400 naming each bad field', async () => {
    const res = await post({ idNumber: '110105194912310021', kind: 'BIRTH', effectiveDate: '2026-02-30', reference: '' }, 'key-7');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: { path: string[] }[] };
    expect(body.error).toBe('invalid_change');
    expect(body.issues.map((i) => i.path[0]).sort()).toEqual(['effectiveDate', 'idNumber', 'kind', 'reference']);
  });
});
