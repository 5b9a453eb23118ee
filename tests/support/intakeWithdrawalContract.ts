/**
 * The contract of withdrawn reports (part of the intake store contract, run against both stores):
 * what was not yet written never will be (a delivery due, failed, held for confirmation, or claimed
 * by a worker at that moment), what was written stays and is listed for its department until it
 * acknowledges reversing it, and a second withdrawal changes nothing.
 */
import { SYSTEM_NAMES } from '../../domain/systems';
import { claimOne, COMMUNITY_A, created, HEALTH_FORMS, newReport } from './intakeFixtures';
import type { IntakeStore } from '../../platform/intake/types';

const LONG_AGO = new Date(0);
const scope = (systems: Parameters<IntakeStore['listNeedingAttention']>[0]['systems']) => ({ systems, community: COMMUNITY_A, pendingBefore: LONG_AGO, limit: 100 });

export function describeWithdrawalContract(open: () => Promise<IntakeStore>): void {
  describe('withdrawn reports', () => {
    it('before delivery: every unwritten delivery becomes WITHDRAWN at once and is never claimed; a second withdrawal changes nothing', async () => {
      const store = await open();
      const id = await created(store, newReport({ systems: ['HEALTH_PLATFORM', 'SOCIAL_INSURANCE'] }));
      // One failed for good (a dead letter), one still due.
      await store.failDelivery(await claimOne(store, 'SOCIAL_INSURANCE', 'w1'), 'social insurance system timed out', null);
      expect(await store.withdrawIntake(id, 'worker-1', 'wrong person')).toBe(true);
      expect(await store.withdrawIntake(id, 'worker-2', 'again')).toBe(false);
      const view = await store.getIntake(id);
      expect(view?.status).toBe('WITHDRAWN');
      expect(view?.intake.withdrawal).toEqual({ reason: 'wrong person', by: 'worker-1', at: expect.any(String), awaitingReversal: [] });
      expect(view?.deliveries.map((d) => [d.system, d.status])).toEqual([['HEALTH_PLATFORM', 'WITHDRAWN'], ['SOCIAL_INSURANCE', 'WITHDRAWN']]);
      expect(await store.claimDeliveries('HEALTH_PLATFORM', 'w2', 10, 60_000)).toEqual([]);
      expect(await store.retryDelivery(id, 'SOCIAL_INSURANCE')).toBe(false);
      expect(await store.listNeedingAttention(scope(SYSTEM_NAMES))).toEqual([]);
      expect((await store.pendingBacklog(['HEALTH_PLATFORM']))[0].pending).toBe(0);
    });

    it('a delivery claimed when the report is withdrawn: its completion writes nothing and does not flip WITHDRAWN back', async () => {
      const store = await open();
      const id = await created(store, newReport({ systems: ['HEALTH_PLATFORM'] }));
      const claim = await claimOne(store, 'HEALTH_PLATFORM', 'w1');
      await store.withdrawIntake(id, 'worker-1', 'wrong date');
      await store.completeDelivery(claim, 'DELIVERED', HEALTH_FORMS);
      await store.failDelivery(claim, 'late failure', null);
      expect(await store.renewLease(claim, 60_000)).toBe(false);
      const view = await store.getIntake(id);
      expect(view?.deliveries.map((d) => d.status)).toEqual(['WITHDRAWN']);
      expect(view?.forms).toEqual([]);
    });

    it('a held report withdrawn is never confirmed and no longer listed as unconfirmed', async () => {
      const store = await open();
      const report = newReport();
      const id = await created(store, { key: report.key, input: { ...report.input, awaitConfirmation: true } });
      expect(await store.withdrawIntake(id, 'worker-1', 'duplicate')).toBe(true);
      expect(await store.confirmIntake(id, 'worker-2')).toBe(false);
      expect(await store.listUnconfirmed(COMMUNITY_A)).toEqual([]);
      expect((await store.getIntake(id))?.status).toBe('WITHDRAWN');
    });

    it('after delivery: DELIVERED stays, listed for its system until acknowledged once', async () => {
      const store = await open();
      const id = await created(store, newReport({ systems: ['HEALTH_PLATFORM', 'SOCIAL_INSURANCE'] }));
      await store.completeDelivery(await claimOne(store, 'HEALTH_PLATFORM', 'w1'), 'DELIVERED', HEALTH_FORMS);
      expect(await store.withdrawIntake(id, 'worker-1', 'wrong person')).toBe(true);
      const view = await store.getIntake(id);
      expect(view?.deliveries.map((d) => [d.system, d.status])).toEqual([['HEALTH_PLATFORM', 'DELIVERED'], ['SOCIAL_INSURANCE', 'WITHDRAWN']]);
      expect(view?.intake.withdrawal?.awaitingReversal).toEqual(['HEALTH_PLATFORM']);
      expect(view?.forms.map((f) => f.type)).toEqual(['DEATH_REGISTRATION_REPORT']);
      const listed = await store.listNeedingAttention(scope(['HEALTH_PLATFORM', 'SOCIAL_INSURANCE']));
      expect(listed.map((i) => [i.intake.id, i.delivery.system, i.delivery.status, i.since])).toEqual([[id, 'HEALTH_PLATFORM', 'DELIVERED', view?.intake.withdrawal?.at]]);
      expect(await store.listNeedingAttention({ ...scope(['HEALTH_PLATFORM']), community: '110101001002' })).toEqual([]);
      expect(await store.acknowledgeWithdrawal(id, 'SOCIAL_INSURANCE')).toBe(false);
      expect(await store.acknowledgeWithdrawal(id, 'HEALTH_PLATFORM')).toBe(true);
      expect(await store.acknowledgeWithdrawal(id, 'HEALTH_PLATFORM')).toBe(false);
      expect(await store.listNeedingAttention(scope(['HEALTH_PLATFORM']))).toEqual([]);
      expect((await store.getIntake(id))?.intake.withdrawal?.awaitingReversal).toEqual([]);
    });
  });
}
