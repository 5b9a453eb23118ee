/**
 * The contract every IntakeStore honours, as one Jest suite run against each implementation
 * (sqliteStore.test.ts, redisStore.test.ts). Each test works in its own store space; opening the
 * same space twice gives two instances on the same data (two processes on one file, two replicas
 * on one Redis), which is how concurrency across instances and reopening are tested.
 */
import { SYSTEM_NAMES } from '../../domain/systems';
import { claimOne, COMMUNITY_A, COMMUNITY_B, created, HEALTH_FORMS, newReport, REGISTRY_FORMS, sleep, withChange } from './intakeFixtures';
import { contractSpaces } from './contractSpaces';
import { describeReviewContract } from './intakeReviewContract';
import { describeWithdrawalContract } from './intakeWithdrawalContract';
import { describeWakeUpContract } from './wakeUpContract';
import { describeAttentionContract } from './intakeAttentionContract';
import { describeFormListingContract } from './formListingContract';
import { describeFormMarksContract } from './formMarksContract';
import type { IntakeStore } from '../../platform/intake/types';

/** Opens a store on the data of `space` (same space, same data), for the test running now. */
export type MakeStore = (space: string) => Promise<IntakeStore>;

const LEASE_MS = 150;
const ID_FORMAT = /^int_[A-Za-z0-9_-]{22}$/;

export function describeIntakeStoreContract(name: string, makeStore: MakeStore, cleanup: () => Promise<void>): void {
  describe(`${name} intake store contract`, () => {
    const { open } = contractSpaces(makeStore, cleanup);
    describeReviewContract(open);
    describeWithdrawalContract(open);
    describeWakeUpContract(open);
    describeAttentionContract(open);
    describeFormListingContract(open);
    describeFormMarksContract(open);

    it('stores a new intake with one PENDING delivery per system and no forms, IN_PROGRESS', async () => {
      const store = await open();
      const report = newReport();
      const result = await store.createIntake(report.key, report.input);
      expect(result.outcome).toBe('created');
      const id = result.outcome === 'created' ? result.intake.id : '';
      const view = await store.getIntake(id);
      expect(view?.intake).toEqual({ id, idempotencyKey: report.key, inputHash: report.input.inputHash, change: report.input.change, reportedBy: 'test-community-worker', createdAt: expect.any(String) });
      expect(view?.deliveries.map((d) => [d.system, d.status, d.attempts, d.lastError])).toEqual(SYSTEM_NAMES.map((s) => [s, 'PENDING', 0, null]));
      expect(view?.forms).toEqual([]);
      expect(view?.status).toBe('IN_PROGRESS');
      expect(await store.getIntake('int_unknownunknownunknown')).toBeNull();
    });

    it('gives intakes random, URL-safe ids of 22 characters after int_', async () => {
      const store = await open();
      const ids = [await created(store, newReport()), await created(store, newReport())];
      for (const id of ids) expect(id).toMatch(ID_FORMAT);
      expect(ids[0]).not.toBe(ids[1]);
    });

    it('replays the same intake for the same key and input, and conflicts for another input, storing nothing new', async () => {
      const store = await open();
      const report = newReport({ effectiveDate: '2024-02-02' });
      const id = await created(store, report);
      const replay = await store.createIntake(report.key, report.input);
      expect(replay).toEqual({ outcome: 'replayed', intake: expect.objectContaining({ id, inputHash: report.input.inputHash }) });
      const other = withChange({ ...report.input.change, death: { place: 'Another Place', certificateNumber: null } });
      expect(await store.createIntake(report.key, other)).toEqual({ outcome: 'conflict' });
      expect((await store.listIntakes({ from: '2024-02-02', to: '2024-02-02' })).map((i) => i.id)).toEqual([id]);
    });

    it('creates exactly one intake for one key under 20 concurrent calls from two store instances', async () => {
      const [first, second] = [await open(), await open()];
      const report = newReport({ effectiveDate: '2024-04-04' });
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).createIntake(report.key, report.input)));
      const ids = new Set(results.map((r) => (r.outcome === 'conflict' ? 'conflict' : r.intake.id)));
      expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'replayed')).toHaveLength(19);
      expect(ids.size).toBe(1);
      expect(await first.listIntakes({ from: '2024-04-04', to: '2024-04-04' })).toHaveLength(1);
      expect(await first.claimDeliveries('HEALTH_PLATFORM', 'w1', 10, LEASE_MS)).toHaveLength(1);
    });

    it('claims only due, unleased deliveries of the asked system, up to the limit, counting the attempt', async () => {
      const store = await open();
      const ids = [await created(store, newReport()), await created(store, newReport()), await created(store, newReport({ systems: ['SOCIAL_INSURANCE'] }))];
      const firstBatch = await store.claimDeliveries('HEALTH_PLATFORM', 'w1', 1, 60_000);
      const secondBatch = await store.claimDeliveries('HEALTH_PLATFORM', 'w2', 10, 60_000);
      expect(firstBatch).toHaveLength(1);
      expect(secondBatch).toHaveLength(1);
      const claimed = [...firstBatch, ...secondBatch];
      expect(claimed.map((c) => c.intake.id).sort()).toEqual([ids[0], ids[1]].sort());
      for (const c of claimed) expect(c.delivery).toMatchObject({ system: 'HEALTH_PLATFORM', status: 'PENDING', attempts: 1 });
      expect(await store.claimDeliveries('HEALTH_PLATFORM', 'w3', 10, 60_000)).toEqual([]);
      expect((await store.getIntake(ids[0]))?.deliveries.find((d) => d.system === 'HEALTH_PLATFORM')?.attempts).toBe(1);
      expect((await store.claimDeliveries('SOCIAL_INSURANCE', 'w3', 10, 60_000)).map((c) => c.intake.id).sort()).toEqual([...ids].sort());
    });

    it('makes a delivery claimable by another consumer once the lease of a crashed one expires', async () => {
      const [crashed, survivor] = [await open(), await open()];
      const id = await created(crashed, newReport({ systems: ['SOCIAL_ASSISTANCE'] }));
      await claimOne(crashed, 'SOCIAL_ASSISTANCE', 'crashed', LEASE_MS);
      expect(await survivor.claimDeliveries('SOCIAL_ASSISTANCE', 'survivor', 10, LEASE_MS)).toEqual([]);
      await sleep(LEASE_MS + 100);
      const reclaimed = await claimOne(survivor, 'SOCIAL_ASSISTANCE', 'survivor', 60_000);
      expect(reclaimed.intake.id).toBe(id);
      expect(reclaimed.delivery.attempts).toBe(2);
    });

    it('keeps a renewed claim from being taken over, and refuses to renew a claim that went stale', async () => {
      const [worker, other] = [await open(), await open()];
      const id = await created(worker, newReport({ systems: ['SOCIAL_ASSISTANCE'] }));
      const claim = await claimOne(worker, 'SOCIAL_ASSISTANCE', 'worker', LEASE_MS);
      // Renewed (a heartbeat) past the first lease's end: still the worker's.
      for (let i = 0; i < 3; i++) {
        await sleep(LEASE_MS / 2);
        expect(await worker.renewLease(claim, LEASE_MS)).toBe(true);
      }
      expect(await other.claimDeliveries('SOCIAL_ASSISTANCE', 'other', 10, LEASE_MS)).toEqual([]);
      // Not renewed: taken over once it runs out, and the old claim can no longer be renewed.
      await sleep(LEASE_MS + 100);
      const taken = await claimOne(other, 'SOCIAL_ASSISTANCE', 'other', 60_000);
      expect(taken.intake.id).toBe(id);
      expect(await worker.renewLease(claim, 60_000)).toBe(false);
      expect(await other.renewLease(taken, 60_000)).toBe(true);
    });

    it('stores the forms with the completion: visible in getIntake and listForms', async () => {
      const store = await open();
      const id = await created(store, newReport({ effectiveDate: '2023-06-01' }));
      const claim = await claimOne(store, 'COMMUNITY_REGISTRY', 'w1');
      await store.completeDelivery(claim, 'DELIVERED', REGISTRY_FORMS);
      const view = await store.getIntake(id);
      expect(view?.deliveries.find((d) => d.system === 'COMMUNITY_REGISTRY')).toMatchObject({ status: 'DELIVERED', attempts: 1 });
      const expected = REGISTRY_FORMS.map((f) => ({ ...f, id: `${id}:${f.type}`, intakeId: id, effectiveDate: '2023-06-01', createdAt: expect.any(String) }));
      expect(view?.forms).toEqual(expect.arrayContaining(expected));
      expect(view?.forms).toHaveLength(2);
      expect(await store.listForms({ from: '2023-06-01', to: '2023-06-01' }, 'community')).toEqual(expect.arrayContaining(expected));
      expect(await store.claimDeliveries('COMMUNITY_REGISTRY', 'w2', 10, 0)).toEqual([]);
    });

    it('ignores completing a stale claim after another consumer completed it: no status change, no form', async () => {
      const [slow, fast] = [await open(), await open()];
      const id = await created(slow, newReport());
      const stale = await claimOne(slow, 'HEALTH_PLATFORM', 'slow', LEASE_MS);
      await sleep(LEASE_MS + 100);
      const current = await claimOne(fast, 'HEALTH_PLATFORM', 'fast');
      await fast.completeDelivery(current, 'NOT_APPLICABLE', []);
      await slow.completeDelivery(stale, 'DELIVERED', HEALTH_FORMS);
      await slow.failDelivery(stale, 'late failure', null);
      const view = await slow.getIntake(id);
      expect(view?.deliveries.find((d) => d.system === 'HEALTH_PLATFORM')).toMatchObject({ status: 'NOT_APPLICABLE', attempts: 2, lastError: null });
      expect(view?.forms).toEqual([]);
      expect(await slow.listForms({ from: '2024-03-15', to: '2024-03-15' }, 'health')).toEqual([]);
    });

    it('ignores a stale claim completed while the new holder works, and counts the holder’s completion once', async () => {
      const [slow, fast] = [await open(), await open()];
      const id = await created(slow, newReport());
      const stale = await claimOne(slow, 'HEALTH_PLATFORM', 'slow', LEASE_MS);
      await sleep(LEASE_MS + 100);
      const current = await claimOne(fast, 'HEALTH_PLATFORM', 'fast');
      await slow.completeDelivery(stale, 'NOT_APPLICABLE', []);
      expect((await slow.getIntake(id))?.deliveries.find((d) => d.system === 'HEALTH_PLATFORM')?.status).toBe('PENDING');
      await fast.completeDelivery(current, 'DELIVERED', HEALTH_FORMS);
      await fast.completeDelivery(current, 'DELIVERED', [{ ...HEALTH_FORMS[0], payload: { second: true } }]);
      const view = await fast.getIntake(id);
      expect(view?.deliveries.find((d) => d.system === 'HEALTH_PLATFORM')?.status).toBe('DELIVERED');
      expect(view?.forms.map((f) => f.payload)).toEqual([HEALTH_FORMS[0].payload]);
    });

    it('keeps a delivery that failed with a retry time PENDING with its error, claimable only from that time', async () => {
      const store = await open();
      const id = await created(store, newReport({ systems: ['SOCIAL_INSURANCE'] }));
      const claim = await claimOne(store, 'SOCIAL_INSURANCE', 'w1');
      await store.failDelivery(claim, 'social insurance system timed out', new Date(Date.now() + 400));
      expect((await store.getIntake(id))?.deliveries[0]).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'social insurance system timed out' });
      expect(await store.claimDeliveries('SOCIAL_INSURANCE', 'w2', 10, LEASE_MS)).toEqual([]);
      await sleep(550);
      const again = await claimOne(store, 'SOCIAL_INSURANCE', 'w2');
      expect(again.delivery).toMatchObject({ intakeId: id, attempts: 2, lastError: 'social insurance system timed out' });
    });

    it('dead-letters a delivery that failed without a retry time, and an operator retry makes it claimable again', async () => {
      const store = await open();
      const id = await created(store, newReport({ systems: ['SOCIAL_ASSISTANCE', 'HEALTH_PLATFORM'] }));
      const claim = await claimOne(store, 'SOCIAL_ASSISTANCE', 'w1');
      await store.failDelivery(claim, 'social assistance system answered 500', null);
      const failed = await store.getIntake(id);
      expect(failed?.deliveries[0]).toMatchObject({ system: 'SOCIAL_ASSISTANCE', status: 'FAILED', attempts: 1, lastError: 'social assistance system answered 500' });
      expect(failed?.status).toBe('NEEDS_ATTENTION');
      expect(await store.claimDeliveries('SOCIAL_ASSISTANCE', 'w2', 10, 0)).toEqual([]);
      await store.completeDelivery(claim, 'DELIVERED', []);
      expect((await store.getIntake(id))?.deliveries[0].status).toBe('FAILED');

      expect(await store.retryDelivery(id, 'HEALTH_PLATFORM')).toBe(false);
      expect(await store.retryDelivery('int_unknownunknownunknown', 'SOCIAL_ASSISTANCE')).toBe(false);
      expect(await store.retryDelivery(id, 'SOCIAL_ASSISTANCE')).toBe(true);
      expect(await store.retryDelivery(id, 'SOCIAL_ASSISTANCE')).toBe(false);
      expect((await store.getIntake(id))?.status).toBe('IN_PROGRESS');
      await store.completeDelivery(claim, 'DELIVERED', []);
      // The stale claim completed nothing; the operator's retry started a new round of attempts.
      const again = await claimOne(store, 'SOCIAL_ASSISTANCE', 'w2');
      expect(again.delivery).toMatchObject({ status: 'PENDING', attempts: 1 });
    });

    it('reports COMPLETE once every delivery is DELIVERED or NOT_APPLICABLE', async () => {
      const store = await open();
      const id = await created(store, newReport());
      for (const [i, system] of SYSTEM_NAMES.entries()) {
        expect((await store.getIntake(id))?.status).toBe('IN_PROGRESS');
        await store.completeDelivery(await claimOne(store, system, 'w1'), i % 2 ? 'DELIVERED' : 'NOT_APPLICABLE', []);
      }
      expect((await store.getIntake(id))?.status).toBe('COMPLETE');
    });

    it('lists intakes that took effect in the inclusive range, of one community if asked, oldest first', async () => {
      const store = await open();
      const at = async (effectiveDate: string, community = COMMUNITY_A) => created(store, newReport({ effectiveDate, community }));
      const mid = await at('2024-05-20', COMMUNITY_B);
      const last = await at('2024-05-31');
      await at('2024-06-01');
      const first = await at('2024-05-01');
      await at('2024-04-30', COMMUNITY_B);
      const may = { from: '2024-05-01', to: '2024-05-31' };
      expect((await store.listIntakes(may)).map((i) => i.id)).toEqual([first, mid, last]);
      expect((await store.listIntakes(may, COMMUNITY_B)).map((i) => i.id)).toEqual([mid]);
      expect(await store.listIntakes(may, '110101001999')).toEqual([]);
    });

    it('lists forms of a department that took effect in the inclusive range, of one type if asked, oldest first', async () => {
      const store = await open();
      const complete = async (effectiveDate: string) => {
        const id = await created(store, newReport({ effectiveDate, systems: ['COMMUNITY_REGISTRY', 'HEALTH_PLATFORM'] }));
        await store.completeDelivery(await claimOne(store, 'COMMUNITY_REGISTRY', 'w1'), 'DELIVERED', REGISTRY_FORMS);
        await store.completeDelivery(await claimOne(store, 'HEALTH_PLATFORM', 'w1'), 'DELIVERED', HEALTH_FORMS);
        return id;
      };
      const late = await complete('2022-09-30');
      await complete('2022-10-01');
      const early = await complete('2022-07-01');
      const q3 = { from: '2022-07-01', to: '2022-09-30' };
      const community = await store.listForms(q3, 'community');
      expect(community.map((f) => [f.intakeId, f.department])).toEqual([[early, 'community'], [early, 'community'], [late, 'community'], [late, 'community']]);
      expect((await store.listForms(q3, 'community', 'HOUSING_OCCUPANCY_UPDATE')).map((f) => f.id)).toEqual([`${early}:HOUSING_OCCUPANCY_UPDATE`, `${late}:HOUSING_OCCUPANCY_UPDATE`]);
      expect((await store.listForms(q3, 'health')).map((f) => f.intakeId)).toEqual([early, late]);
      expect(await store.listForms(q3, 'hrss')).toEqual([]);
    });

    it('keeps intakes, deliveries and forms across closing and reopening the store', async () => {
      const store = await open();
      const id = await created(store, newReport({ systems: ['COMMUNITY_REGISTRY', 'SOCIAL_INSURANCE'] }));
      await store.completeDelivery(await claimOne(store, 'COMMUNITY_REGISTRY', 'w1'), 'DELIVERED', REGISTRY_FORMS);
      const before = await store.getIntake(id);
      await store.close();
      const reopened = await open();
      expect(await reopened.getIntake(id)).toEqual(before);
      expect((await claimOne(reopened, 'SOCIAL_INSURANCE', 'w2')).intake.id).toBe(id);
    });
  });
}
