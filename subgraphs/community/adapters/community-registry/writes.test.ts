import { HttpClient } from '../../../../platform/http/client';
import { consistentResidents, population } from '../../../../systems/seed/population';
import { communityRegistryStandIn } from '../../../../systems/community-registry/standIn';
import { startStandIn, type StartedStandIn } from '../../../../tests/support/standIns';
import { CommunityRegistryAdapter, RegistryRejection, type RegistryChange } from '.';

describe('the community registry adapter writes', () => {
  let registry: StartedStandIn;
  let adapter: CommunityRegistryAdapter;
  const people = consistentResidents().slice(40, 50);
  beforeAll(async () => {
    registry = await startStandIn(communityRegistryStandIn);
    adapter = new CommunityRegistryAdapter(new HttpClient({ system: 'COMMUNITY_REGISTRY', baseUrl: registry.url, backoffBaseMs: 1 }));
  });
  afterAll(() => registry.close());

  const writes = () => (registry.ctx.db.prepare('SELECT COUNT(*) AS n FROM changes').get() as { n: number }).n;
  const death = (i: number, reference: string): RegistryChange => ({ idNumber: people[i].idNumber, kind: 'DEATH', effectiveDate: '2026-11-01', reference });

  it('records a change once: a retry with the same key is replayed, not written again', async () => {
    const before = writes();
    const first = await adapter.recordChange(death(0, 'A-1'), 'intake-a1');
    expect(first).toMatchObject({ outcome: 'applied', changeId: expect.any(String), dwelling: { dwellingId: people[0].dwellingId } });
    const retry = await adapter.recordChange(death(0, 'A-1'), 'intake-a1');
    expect(retry).toEqual({ ...first, outcome: 'replayed' });
    expect(writes()).toBe(before + 1);
    expect(await adapter.getPerson(people[0].idNumber)).toMatchObject({ status: 'DECEASED', statusSince: '2026-11-01' });
  });

  it('reports already_recorded when the registry shows the change under another key', async () => {
    const before = writes();
    await adapter.recordChange(death(1, 'A-2'), 'intake-a2');
    expect(await adapter.recordChange(death(1, 'A-2'), 'intake-a2-second-key')).toEqual({ outcome: 'already_recorded', changeId: expect.any(String), dwelling: null });
    expect(await adapter.recordChange(death(1, 'A-2b'), 'intake-a2-third-key')).toEqual({ outcome: 'already_recorded', changeId: null, dwelling: null });
    expect(writes()).toBe(before + 1);
  });

  it('rejects a reused key, an unknown person and a conflicting status with the reason', async () => {
    await adapter.recordChange(death(2, 'A-3'), 'intake-a3');
    await expect(adapter.recordChange(death(3, 'A-4'), 'intake-a3')).rejects.toMatchObject({ reason: 'IDEMPOTENCY_CONFLICT' });
    await expect(adapter.recordChange({ ...death(3, 'A-5'), idNumber: '11010519491231002X' }, 'intake-a5')).rejects.toBeInstanceOf(RegistryRejection);
    const gone = population().residents.find((r) => r.registry.status === 'DECEASED')!;
    await expect(adapter.recordChange({ idNumber: gone.idNumber, kind: 'MOVED_OUT', effectiveDate: '2026-11-01', reference: 'A-6' }, 'intake-a6')).rejects.toMatchObject({
      reason: 'STATUS_CONFLICT',
      currentStatus: 'DECEASED',
    });
  });

  it('imports changes in bulk; importing the same changes again writes nothing', async () => {
    const changes: RegistryChange[] = [death(4, 'B-1'), { idNumber: people[5].idNumber, kind: 'MOVED_OUT', effectiveDate: '2026-10-30', reference: 'B-2', destination: '德阳市, "旌阳区"' }];
    const before = writes();
    expect(await adapter.importChanges(changes)).toEqual([
      { reference: 'B-1', result: 'applied' },
      { reference: 'B-2', result: 'applied' },
    ]);
    expect(await adapter.importChanges(changes)).toEqual([
      { reference: 'B-1', result: 'duplicate' },
      { reference: 'B-2', result: 'duplicate' },
    ]);
    expect(writes()).toBe(before + 2);
    const exported = await adapter.exportCsv(people[5].community);
    expect(exported.find((p) => p.idNumber === people[5].idNumber)).toMatchObject({ status: 'MOVED_OUT', statusSince: '2026-10-30' });
  });
});
