/**
 * The wake-up part of the intake store contract: a watcher is woken by what another instance (a
 * process on the same file, a replica on the same Redis) stores, and the store says when the next
 * waiting delivery becomes claimable. Bounded by `woken`'s own limit, never by a measured time.
 */
import { claimOne, created, newReport } from './intakeFixtures';
import type { IntakeStore } from '../../platform/intake/types';

/** How long a wake-up may take before the test says it never came (far above any real delay, far below a poll). */
const NEVER_MS = 10_000;

/** Resolves on the first call of the listener it gives `watch`; rejects, naming `what`, when none comes. */
async function woken(what: string, watch: (listener: () => void) => Promise<() => void>): Promise<{ done: Promise<void> }> {
  let listener = () => {};
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no wake-up within ${NEVER_MS} ms`)), NEVER_MS);
    listener = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  const unwatch = await watch(() => listener());
  return { done: done.finally(unwatch) };
}

export function describeWakeUpContract(open: () => Promise<IntakeStore>): void {
  describe('wake-ups', () => {
    it('wakes a watcher of a system when another instance stores a delivery of it', async () => {
      const [worker, community] = [await open(), await open()];
      const wake = await woken('a new delivery', (listener) => worker.watchDeliveries(['HEALTH_PLATFORM'], listener));
      await created(community, newReport({ systems: ['HEALTH_PLATFORM'] }));
      await wake.done;
    });

    it('wakes it when an operator retries a FAILED delivery and when a held report is confirmed', async () => {
      const [worker, community] = [await open(), await open()];
      const id = await created(community, newReport({ systems: ['HEALTH_PLATFORM'] }));
      await worker.failDelivery(await claimOne(worker, 'HEALTH_PLATFORM', 'w'), 'refused', null);
      const retried = await woken('a retried delivery', (listener) => worker.watchDeliveries(['HEALTH_PLATFORM'], listener));
      expect(await community.retryDelivery(id, 'HEALTH_PLATFORM')).toBe(true);
      await retried.done;

      const report = newReport({ systems: ['HEALTH_PLATFORM'] });
      const held = await created(community, { key: report.key, input: { ...report.input, awaitConfirmation: true } });
      const confirmed = await woken('a confirmed report', (listener) => worker.watchDeliveries(['HEALTH_PLATFORM'], listener));
      expect(await community.confirmIntake(held, 'worker-1')).toBe(true);
      await confirmed.done;
    });

    it('wakes the watcher of an intake when another instance settles its last delivery, the last one failing for good', async () => {
      const [community, worker] = [await open(), await open()];
      const id = await created(community, newReport({ systems: ['HEALTH_PLATFORM', 'SOCIAL_INSURANCE'] }));
      const wake = await woken('a settled intake', (listener) => community.watchIntake(id, listener));
      await worker.completeDelivery(await claimOne(worker, 'HEALTH_PLATFORM', 'w'), 'DELIVERED', []);
      await worker.failDelivery(await claimOne(worker, 'SOCIAL_INSURANCE', 'w'), 'refused', null);
      await wake.done;
      expect((await community.getIntake(id))?.status).toBe('NEEDS_ATTENTION');
    });

    it('says when the next waiting delivery becomes claimable: a lease held by another consumer, then a retry time', async () => {
      const store = await open();
      await created(store, newReport({ systems: ['HEALTH_PLATFORM'] }));
      // Due now, not waiting: a new delivery wakes its worker by itself.
      expect(await store.nextDueAt('HEALTH_PLATFORM')).toBeNull();
      const before = Date.now();
      const claim = await claimOne(store, 'HEALTH_PLATFORM', 'other', 60_000);
      const leaseEnd = await store.nextDueAt('HEALTH_PLATFORM');
      expect(leaseEnd).toBeGreaterThanOrEqual(before + 60_000);
      expect(leaseEnd).toBeLessThanOrEqual(Date.now() + 60_000);
      const retryAt = new Date(Date.now() + 30_000);
      await store.failDelivery(claim, 'timed out', retryAt);
      expect(await store.nextDueAt('HEALTH_PLATFORM')).toBe(retryAt.getTime());
      expect(await store.nextDueAt('SOCIAL_INSURANCE')).toBeNull();
    });
  });
}
