/**
 * The contract of held reports (part of the intake store contract, run against both stores): a
 * report that awaits a worker's confirmation writes nothing anywhere (no delivery can be claimed)
 * until it is confirmed, and confirmation opens each delivery exactly once, even when two workers
 * confirm at once through two store instances.
 */
import { SYSTEM_NAMES } from '../../domain/systems';
import { claimOne, COMMUNITY_A, COMMUNITY_B, created, newReport } from './intakeFixtures';
import type { IntakeStore } from '../../platform/intake/types';

const held = (options: Parameters<typeof newReport>[0] = {}) => {
  const report = newReport(options);
  return { key: report.key, input: { ...report.input, awaitConfirmation: true } };
};

async function claimAll(store: IntakeStore): Promise<string[]> {
  const claims = await Promise.all(SYSTEM_NAMES.map((s) => store.claimDeliveries(s, 'w-review', 10, 60_000)));
  return claims.flat().map((c) => `${c.intake.id}:${c.delivery.system}`);
}

export function describeReviewContract(open: () => Promise<IntakeStore>): void {
  describe('reports held for confirmation', () => {
    it('holds a report UNCONFIRMED: no delivery to claim, not listed by date, listed as unconfirmed for its community only', async () => {
      const store = await open();
      const report = held({ effectiveDate: '2024-05-05' });
      const id = await created(store, report);
      const view = await store.getIntake(id);
      expect(view).toMatchObject({ status: 'AWAITING_CONFIRMATION', deliveries: [], forms: [] });
      expect(view?.intake.review).toEqual({ state: 'UNCONFIRMED', by: null, at: null, reason: null });
      expect(await claimAll(store)).toEqual([]);
      expect(await store.listIntakes({ from: '2024-05-05', to: '2024-05-05' })).toEqual([]);
      expect((await store.listUnconfirmed(COMMUNITY_A)).map((i) => i.id)).toEqual([id]);
      expect(await store.listUnconfirmed(COMMUNITY_B)).toEqual([]);
      expect(await store.createIntake(report.key, report.input)).toEqual({ outcome: 'replayed', intake: expect.objectContaining({ id, review: expect.objectContaining({ state: 'UNCONFIRMED' }) }) });
    });

    it('confirmation records who and opens each delivery once; a second confirmation changes nothing', async () => {
      const store = await open();
      const id = await created(store, held({ effectiveDate: '2024-06-06', systems: ['HEALTH_PLATFORM', 'SOCIAL_INSURANCE'] }));
      expect(await store.confirmIntake(id, 'worker-7')).toBe(true);
      expect(await store.confirmIntake(id, 'worker-8')).toBe(false);
      const view = await store.getIntake(id);
      expect(view?.intake.review).toEqual({ state: 'CONFIRMED', by: 'worker-7', at: expect.any(String), reason: null });
      expect(view?.status).toBe('IN_PROGRESS');
      expect(view?.deliveries.map((d) => [d.system, d.status, d.attempts])).toEqual([['HEALTH_PLATFORM', 'PENDING', 0], ['SOCIAL_INSURANCE', 'PENDING', 0]]);
      expect((await store.listIntakes({ from: '2024-06-06', to: '2024-06-06' }, COMMUNITY_A)).map((i) => i.id)).toEqual([id]);
      expect(await store.listUnconfirmed(COMMUNITY_A)).toEqual([]);
      expect((await claimAll(store)).sort()).toEqual([`${id}:HEALTH_PLATFORM`, `${id}:SOCIAL_INSURANCE`]);
      expect(await claimAll(store)).toEqual([]);
    });

    it('two instances confirming at once: exactly one confirms, one delivery per system', async () => {
      const [first, second] = [await open(), await open()];
      const id = await created(first, held());
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).confirmIntake(id, `worker-${i}`)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await first.getIntake(id))?.deliveries).toHaveLength(SYSTEM_NAMES.length);
      expect((await claimAll(first)).sort()).toEqual(SYSTEM_NAMES.map((s) => `${id}:${s}`).sort());
    });

    it('a rejected report never gets a delivery and cannot be confirmed afterwards', async () => {
      const store = await open();
      const id = await created(store, held());
      expect(await store.rejectIntake(id, 'worker-7', 'no such death known')).toBe(true);
      expect(await store.confirmIntake(id, 'worker-8')).toBe(false);
      expect(await store.rejectIntake(id, 'worker-8', 'again')).toBe(false);
      const view = await store.getIntake(id);
      expect(view).toMatchObject({ status: 'REJECTED', deliveries: [] });
      expect(view?.intake.review).toEqual({ state: 'REJECTED', by: 'worker-7', at: expect.any(String), reason: 'no such death known' });
      expect(await store.listUnconfirmed(COMMUNITY_A)).toEqual([]);
      expect(await claimAll(store)).toEqual([]);
    });

    it("a worker's own report needs no confirmation: neither confirm nor reject applies to it", async () => {
      const store = await open();
      const id = await created(store, newReport({ systems: ['HEALTH_PLATFORM'] }));
      expect(await store.confirmIntake(id, 'worker-7')).toBe(false);
      expect(await store.rejectIntake(id, 'worker-7', 'no')).toBe(false);
      expect(await store.confirmIntake('int_unknownunknownunknown', 'worker-7')).toBe(false);
      expect((await claimOne(store, 'HEALTH_PLATFORM', 'w1')).intake.id).toBe(id);
    });
  });
}
