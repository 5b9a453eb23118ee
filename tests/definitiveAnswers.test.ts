/**
 * A conflict is final, end to end: a death accepted while the registry's write path is down,
 * and a clerk's CSV import records the resident as moved out in the meantime. When the registry
 * answers again, it refuses the death (STATUS_CONFLICT): the delivery ends FAILED on that one
 * answer with the registry's reason and date, the intake NEEDS_ATTENTION, and it is not tried
 * again; the other systems' deliveries are unaffected.
 */
import { HttpClient } from '../platform/http/client';
import { CommunityRegistryAdapter } from '../subgraphs/community/adapters/community-registry';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, readIntake, report, waitForIntake } from './support/reports';

describe('a system that answers a conflict', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Enough attempts that only a definitive answer can end the delivery within the test.
    stack = await startStack({ subgraphEnv: { DELIVERY_MAX_ATTEMPTS: '1000', INTAKE_WAIT_MS: '1000' } });
  }, 60_000);
  afterAll(() => stack?.close());

  it('ends the delivery FAILED at once with the system\'s reason, not retried', async () => {
    const person = consistentResidents().filter((r) => r.community === '510114001002')[9];
    await stack.fault('COMMUNITY_REGISTRY', { mode: 'down', path: '/registry/changes' });
    const accepted = (await report(stack, deathOf(person))).data!.reportPopulationChange;
    expect(accepted.deliveries.find((d) => d.system === 'COMMUNITY_REGISTRY')!.status).toBe('PENDING');

    // Meanwhile a clerk's import records a move for the same resident.
    const registry = new CommunityRegistryAdapter(new HttpClient({ system: 'COMMUNITY_REGISTRY', baseUrl: stack.systems.COMMUNITY_REGISTRY.url }));
    expect(await registry.importChanges([{ idNumber: person.idNumber, kind: 'MOVED_OUT', effectiveDate: '2026-11-02', reference: 'clerk-import-7', destination: '德阳市旌阳区' }])).toEqual([
      expect.objectContaining({ result: 'applied' }),
    ]);
    // Requests refused by the 'down' fault never reach the route: from here on each attempt counts.
    await fetch(`${stack.systems.COMMUNITY_REGISTRY.url}/__admin/stats/reset`, { method: 'POST' });
    await stack.fault('COMMUNITY_REGISTRY', { mode: 'none' });

    const settled = await waitForIntake(stack, accepted.id, (i) => i.status !== 'IN_PROGRESS', 30_000);
    expect(settled.status).toBe('NEEDS_ATTENTION');
    const registryDelivery = settled.deliveries.find((d) => d.system === 'COMMUNITY_REGISTRY')!;
    expect(registryDelivery.status).toBe('FAILED');
    expect(registryDelivery.lastError).toMatch(/^REFUSED: The community registry \(COMMUNITY_REGISTRY\) refused the change: the resident is recorded MOVED_OUT since 2026-11-02/);
    expect(registryDelivery.lastError).not.toContain(person.idNumber);
    expect(settled.deliveries.filter((d) => d.system !== 'COMMUNITY_REGISTRY').every((d) => d.status !== 'PENDING' && d.status !== 'FAILED')).toBe(true);

    // One answer was enough: no attempt after it, however long we wait for the worker's next rounds.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await stack.stats('COMMUNITY_REGISTRY')).byKind.change).toBe(1);
    expect((await readIntake(stack, accepted.id)).deliveries.find((d) => d.system === 'COMMUNITY_REGISTRY')).toEqual(registryDelivery);
  });
});
