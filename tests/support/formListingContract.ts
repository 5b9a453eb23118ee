/**
 * The contract of listing forms by the date they were made (part of the intake store contract,
 * run against both stores): a late report's forms, about a change long past, are listed on the
 * Shanghai day they were made, in the order they were made, and not on the days of the change.
 */
import { shanghaiToday } from '../../domain/period';
import { claimOne, created, HEALTH_FORMS, newReport, REGISTRY_FORMS, sleep } from './intakeFixtures';
import type { IntakeStore } from '../../platform/intake/types';

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export function describeFormListingContract(open: () => Promise<IntakeStore>): void {
  describe('forms by the date they were made', () => {
    it('lists a late report’s forms on the day they were made, in that order, of one type if asked; not by the change’s days', async () => {
      const store = await open();
      const complete = async (effectiveDate: string) => {
        const id = await created(store, newReport({ effectiveDate, systems: ['COMMUNITY_REGISTRY', 'HEALTH_PLATFORM'] }));
        await store.completeDelivery(await claimOne(store, 'HEALTH_PLATFORM', 'w1'), 'DELIVERED', HEALTH_FORMS);
        await sleep(3);
        await store.completeDelivery(await claimOne(store, 'COMMUNITY_REGISTRY', 'w1'), 'DELIVERED', REGISTRY_FORMS);
        await sleep(3);
        return id;
      };
      // Made in this order, whatever their effective dates.
      const second = await complete('2021-03-10');
      const first = await complete('2021-02-01');
      const today = shanghaiToday();
      // A range that ends on a day before today is the check that "today" is where they land (Shanghai day boundaries).
      expect(await store.listForms({ from: dayBefore(today), to: today }, 'health', undefined, 'REPORTED')).toEqual(
        [second, first].map((intakeId) => expect.objectContaining({ intakeId, department: 'health', effectiveDate: intakeId === second ? '2021-03-10' : '2021-02-01' })),
      );
      expect((await store.listForms({ from: today, to: today }, 'community', 'HOUSING_OCCUPANCY_UPDATE', 'REPORTED')).map((f) => f.intakeId)).toEqual([second, first]);
      expect(await store.listForms({ from: '2021-02-01', to: dayBefore(today) }, 'health', undefined, 'REPORTED')).toEqual([]);
      // By effective date they are still in their own past periods.
      expect((await store.listForms({ from: '2021-02-01', to: '2021-02-28' }, 'health')).map((f) => f.intakeId)).toEqual([first]);
      expect(await store.listForms({ from: today, to: today }, 'hrss', undefined, 'REPORTED')).toEqual([]);
    });
  });
}
