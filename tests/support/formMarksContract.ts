/**
 * The contract of the desk's marks on forms (part of the intake store contract, run against both
 * stores): an acknowledgement per scope that never goes back, and handled marks that can be undone.
 */
import type { IntakeStore } from '../../platform/intake/types';

export function describeFormMarksContract(open: () => Promise<IntakeStore>): void {
  describe('marks on forms', () => {
    it('keeps each scope’s latest acknowledgement: an older one leaves it, another scope is apart', async () => {
      const store = await open();
      expect(await store.acknowledgedUpTo(['health'])).toEqual(new Map());
      expect(await store.acknowledgeForms('health', '2026-12-01T02:00:00.000Z')).toBe('2026-12-01T02:00:00.000Z');
      expect(await store.acknowledgeForms('health', '2026-11-30T23:00:00.000Z')).toBe('2026-12-01T02:00:00.000Z');
      expect(await store.acknowledgeForms('community:110101001001', '2026-11-01T00:00:00.000Z')).toBe('2026-11-01T00:00:00.000Z');
      expect(await store.acknowledgeForms('health', '2026-12-03T08:30:00.000Z')).toBe('2026-12-03T08:30:00.000Z');
      expect(await store.acknowledgedUpTo(['health', 'hrss', 'community:110101001001'])).toEqual(
        new Map([
          ['health', '2026-12-03T08:30:00.000Z'],
          ['community:110101001001', '2026-11-01T00:00:00.000Z'],
        ]),
      );
    });

    it('marks forms handled by whom and when, and unmarks them', async () => {
      const store = await open();
      const at = '2026-12-02T03:04:05.000Z';
      await store.markFormsHandled(['int_a:DEATH_REGISTRATION_REPORT', 'int_b:DEATH_REGISTRATION_REPORT'], { at, by: 'clerk-1' });
      expect(await store.formHandling(['int_a:DEATH_REGISTRATION_REPORT', 'int_b:DEATH_REGISTRATION_REPORT', 'int_c:DEATH_REGISTRATION_REPORT'])).toEqual(
        new Map([
          ['int_a:DEATH_REGISTRATION_REPORT', { at, by: 'clerk-1' }],
          ['int_b:DEATH_REGISTRATION_REPORT', { at, by: 'clerk-1' }],
        ]),
      );
      await store.markFormsHandled(['int_a:DEATH_REGISTRATION_REPORT'], null);
      expect(await store.formHandling(['int_a:DEATH_REGISTRATION_REPORT', 'int_b:DEATH_REGISTRATION_REPORT'])).toEqual(new Map([['int_b:DEATH_REGISTRATION_REPORT', { at, by: 'clerk-1' }]]));
      expect(await store.formHandling([])).toEqual(new Map());
    });
  });
}
