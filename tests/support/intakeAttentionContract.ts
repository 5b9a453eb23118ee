/**
 * The contract of the "needs attention" lists (part of the intake store contract, run against both
 * stores): FAILED deliveries are listed at once, PENDING ones once they have waited since before
 * the cut-off, within the asked systems and community, oldest first; an operator's retry starts
 * the wait again and a settled delivery is never listed. The backlog per system (its PENDING
 * deliveries and the oldest one's wait) is counted from the same indexes.
 */
import { claimOne, COMMUNITY_A, COMMUNITY_B, created, newReport, sleep } from './intakeFixtures';
import type { AttentionScope, IntakeStore } from '../../platform/intake/types';

const LONG_AGO = () => new Date(Date.now() - 60_000);
const SOON = () => new Date(Date.now() + 60_000);

async function listed(store: IntakeStore, scope: Partial<AttentionScope> & Pick<AttentionScope, 'systems'>): Promise<string[]> {
  const items = await store.listNeedingAttention({ pendingBefore: LONG_AGO(), limit: 50, ...scope });
  return items.map((i) => `${i.intake.id}:${i.delivery.system}:${i.delivery.status}`);
}

export function describeAttentionContract(open: () => Promise<IntakeStore>): void {
  describe('deliveries needing attention', () => {
    it('lists a FAILED delivery at once and a PENDING one only once it waited since before the cut-off, of the asked systems and community, oldest first', async () => {
      const store = await open();
      const a = await created(store, newReport({ systems: ['SOCIAL_ASSISTANCE', 'HEALTH_PLATFORM'], community: COMMUNITY_A }));
      await store.failDelivery(await claimOne(store, 'SOCIAL_ASSISTANCE', 'w1'), 'SYSTEM_UNAVAILABLE: the social assistance system did not answer', null);
      await sleep(5);
      const b = await created(store, newReport({ systems: ['SOCIAL_ASSISTANCE'], community: COMMUNITY_B }));

      expect(await listed(store, { systems: ['SOCIAL_ASSISTANCE'] })).toEqual([`${a}:SOCIAL_ASSISTANCE:FAILED`]);
      expect(await listed(store, { systems: ['HEALTH_PLATFORM'] })).toEqual([]);
      expect(await listed(store, { systems: ['SOCIAL_ASSISTANCE', 'HEALTH_PLATFORM'], pendingBefore: SOON() })).toEqual([
        `${a}:HEALTH_PLATFORM:PENDING`,
        `${a}:SOCIAL_ASSISTANCE:FAILED`,
        `${b}:SOCIAL_ASSISTANCE:PENDING`,
      ]);
      expect(await listed(store, { systems: ['SOCIAL_ASSISTANCE', 'HEALTH_PLATFORM'], pendingBefore: SOON(), limit: 1 })).toEqual([`${a}:HEALTH_PLATFORM:PENDING`]);
      expect(await listed(store, { systems: ['SOCIAL_ASSISTANCE', 'HEALTH_PLATFORM'], pendingBefore: SOON(), community: COMMUNITY_B })).toEqual([`${b}:SOCIAL_ASSISTANCE:PENDING`]);
      expect(await listed(store, { systems: ['SOCIAL_ASSISTANCE'], community: COMMUNITY_B })).toEqual([]);
    });

    it('says what failed, how often and since when, in the words stored with the failure', async () => {
      const store = await open();
      const id = await created(store, newReport({ systems: ['SOCIAL_INSURANCE', 'HEALTH_PLATFORM'] }));
      await store.failDelivery(await claimOne(store, 'SOCIAL_INSURANCE', 'w1'), 'SYSTEM_UNAVAILABLE: the social insurance system did not answer', null);
      const items = await store.listNeedingAttention({ systems: ['SOCIAL_INSURANCE', 'HEALTH_PLATFORM'], pendingBefore: SOON(), limit: 10 });
      const view = await store.getIntake(id);
      const failed = view!.deliveries.find((d) => d.system === 'SOCIAL_INSURANCE')!;
      expect(items).toEqual([
        { intake: view!.intake, delivery: view!.deliveries.find((d) => d.system === 'HEALTH_PLATFORM'), since: view!.intake.createdAt },
        { intake: view!.intake, delivery: { ...failed, status: 'FAILED', attempts: 1, lastError: 'SYSTEM_UNAVAILABLE: the social insurance system did not answer' }, since: failed.updatedAt },
      ]);
    });

    it('takes a retried delivery off the list until it waits too long again, and never lists a settled one', async () => {
      const store = await open();
      const id = await created(store, newReport({ systems: ['SOCIAL_ASSISTANCE'] }));
      await store.failDelivery(await claimOne(store, 'SOCIAL_ASSISTANCE', 'w1'), 'SYSTEM_UNAVAILABLE: down', null);
      expect(await listed(store, { systems: ['SOCIAL_ASSISTANCE'] })).toEqual([`${id}:SOCIAL_ASSISTANCE:FAILED`]);
      await sleep(20);
      expect(await store.retryDelivery(id, 'SOCIAL_ASSISTANCE')).toBe(true);
      expect(await listed(store, { systems: ['SOCIAL_ASSISTANCE'] })).toEqual([]);
      const [again] = await store.listNeedingAttention({ systems: ['SOCIAL_ASSISTANCE'], pendingBefore: SOON(), limit: 10 });
      // It waits again from the retry, not from the report.
      expect(Date.parse(again.since)).toBeGreaterThanOrEqual(Date.parse(again.intake.createdAt) + 20);
      expect(again.delivery).toMatchObject({ status: 'PENDING', attempts: 0 });
      await store.completeDelivery(await claimOne(store, 'SOCIAL_ASSISTANCE', 'w2'), 'DELIVERED', []);
      expect(await listed(store, { systems: ['SOCIAL_ASSISTANCE'], pendingBefore: SOON() })).toEqual([]);
    });

    it('counts each system\'s PENDING deliveries (claimed ones too) and since when the oldest waits, for the backlog metrics', async () => {
      const store = await open();
      const since = async (id: string) => Date.parse((await store.getIntake(id))!.intake.createdAt);
      const a = await created(store, newReport({ systems: ['SOCIAL_ASSISTANCE', 'HEALTH_PLATFORM'] }));
      await sleep(5);
      const b = await created(store, newReport({ systems: ['SOCIAL_ASSISTANCE'] }));
      expect(await store.pendingBacklog(['SOCIAL_ASSISTANCE', 'HEALTH_PLATFORM', 'SOCIAL_INSURANCE'])).toEqual([
        { system: 'SOCIAL_ASSISTANCE', pending: 2, oldestPendingSince: await since(a) },
        { system: 'HEALTH_PLATFORM', pending: 1, oldestPendingSince: await since(a) },
        { system: 'SOCIAL_INSURANCE', pending: 0, oldestPendingSince: null },
      ]);

      // A claimed delivery still waits; a dead-lettered or completed one no longer does.
      const [first] = await store.claimDeliveries('SOCIAL_ASSISTANCE', 'w1', 1, 60_000);
      expect(first.intake.id).toBe(a);
      expect(await store.pendingBacklog(['SOCIAL_ASSISTANCE'])).toEqual([{ system: 'SOCIAL_ASSISTANCE', pending: 2, oldestPendingSince: await since(a) }]);
      await store.failDelivery(first, 'SYSTEM_UNAVAILABLE: down', null);
      await store.completeDelivery(await claimOne(store, 'HEALTH_PLATFORM', 'w1'), 'DELIVERED', []);
      expect(await store.pendingBacklog(['SOCIAL_ASSISTANCE', 'HEALTH_PLATFORM'])).toEqual([
        { system: 'SOCIAL_ASSISTANCE', pending: 1, oldestPendingSince: await since(b) },
        { system: 'HEALTH_PLATFORM', pending: 0, oldestPendingSince: null },
      ]);

      // An operator's retry waits again from the retry, so it is not the oldest.
      await sleep(5);
      expect(await store.retryDelivery(a, 'SOCIAL_ASSISTANCE')).toBe(true);
      expect(await store.pendingBacklog(['SOCIAL_ASSISTANCE'])).toEqual([{ system: 'SOCIAL_ASSISTANCE', pending: 2, oldestPendingSince: await since(b) }]);
    });
  });
}
