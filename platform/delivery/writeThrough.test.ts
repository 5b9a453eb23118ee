/**
 * The platform's write-through over a department's declaration: the declaration is checked
 * against the rules table at start-up, a change no row applies to reads nothing, and a write this
 * intake already made (a run before a crash) is not sent again. The departments' own deliveries
 * are tested against their stand-ins beside them (subgraphs/<dept>/deliveries).
 */
import { fillForm } from '../../domain/forms';
import { intakeOf, residentsWhere } from '../../tests/support/deliveryIntakes';
import { endedBy, heldFor, OPEN, stoppable } from './holdings';
import { writeThrough, type SystemWrites } from './writeThrough';

/** A health platform record as a declaration sees it: the assistance, stopped or not, under a reference. */
interface HealthLikeRecord {
  patientId: string;
  assistance: { status: 'ACTIVE' | 'STOPPED'; stopReference: string | null } | null;
}

const person = residentsWhere(() => true)[0];

function healthLike(record: HealthLikeRecord | null, calls: string[]): SystemWrites<HealthLikeRecord, { registeredDeathDate: string }> {
  return {
    system: 'HEALTH_PLATFORM',
    read: async () => (calls.push('read'), record),
    holdings: (r) => ({ HEALTH_RECORD: OPEN, FAMILY_PLANNING_ASSISTANCE: stoppable(r.assistance) }),
    writes: {
      RECORD_DEATH: async ({ intake, key }) => (calls.push(`RECORD_DEATH ${key}`), { registeredDeathDate: intake.change.effectiveDate }),
      END_FAMILY_PLANNING_ASSISTANCE: async ({ key }) => (calls.push(`END_FAMILY_PLANNING_ASSISTANCE ${key}`), {}),
    },
    forms: {
      DEATH_REGISTRATION_REPORT: (r, done) => ({ patientId: r.patientId, registeredDeathDate: done.registeredDeathDate ?? null }),
      FAMILY_PLANNING_ASSISTANCE_TERMINATION: () => ({ episodeId: 'ep-1', monthlyAmount: 150, since: '2020-01-01' }),
    },
  };
}

describe('writeThrough', () => {
  it('refuses at start-up a declaration that lacks a write or a form its rules table rows name, naming it', () => {
    const { END_FAMILY_PLANNING_ASSISTANCE: _write, ...writes } = healthLike(null, []).writes;
    expect(() => writeThrough({ ...healthLike(null, []), writes })).toThrow('The HEALTH_PLATFORM delivery has no write for END_FAMILY_PLANNING_ASSISTANCE');
    const { DEATH_REGISTRATION_REPORT: _form, ...forms } = healthLike(null, []).forms;
    expect(() => writeThrough({ ...healthLike(null, []), forms })).toThrow('The HEALTH_PLATFORM delivery does not fill form DEATH_REGISTRATION_REPORT');
  });

  it('answers a change no row of the system applies to NOT_APPLICABLE without reading the system', async () => {
    const calls: string[] = [];
    await expect(writeThrough(healthLike({ patientId: 'p-1', assistance: null }, calls)).deliver(intakeOf(person, 'MOVED_OUT', 'int_move'))).resolves.toEqual({ status: 'NOT_APPLICABLE', forms: [] });
    expect(calls).toEqual([]);
  });

  it('carries out each applying row’s write once, under its own key, and fills its forms from the declaration', async () => {
    const calls: string[] = [];
    const intake = intakeOf(person, 'DEATH', 'int_both');
    const outcome = await writeThrough(healthLike({ patientId: 'p-1', assistance: { status: 'ACTIVE', stopReference: null } }, calls)).deliver(intake);
    expect(calls).toEqual(['read', 'RECORD_DEATH int_both:HEALTH_PLATFORM:RECORD_DEATH', 'END_FAMILY_PLANNING_ASSISTANCE int_both:HEALTH_PLATFORM:END_FAMILY_PLANNING_ASSISTANCE']);
    const report = { change: intake.change, reportedBy: intake.reportedBy, reportedAt: intake.createdAt };
    expect(outcome).toEqual({
      status: 'DELIVERED',
      forms: [
        { type: 'DEATH_REGISTRATION_REPORT', department: 'health', payload: fillForm('DEATH_REGISTRATION_REPORT', report, { patientId: 'p-1', registeredDeathDate: intake.change.effectiveDate }) },
        { type: 'FAMILY_PLANNING_ASSISTANCE_TERMINATION', department: 'health', payload: fillForm('FAMILY_PLANNING_ASSISTANCE_TERMINATION', report, { episodeId: 'ep-1', monthlyAmount: 150, since: '2020-01-01' }) },
      ],
    });
  });

  it('does not send again a write the system records under this intake, and still answers its form', async () => {
    const calls: string[] = [];
    const outcome = await writeThrough(healthLike({ patientId: 'p-1', assistance: { status: 'STOPPED', stopReference: 'int_again' } }, calls)).deliver(intakeOf(person, 'DEATH', 'int_again'));
    expect(calls).toEqual(['read', 'RECORD_DEATH int_again:HEALTH_PLATFORM:RECORD_DEATH']);
    expect(outcome.forms.map((f) => f.type)).toEqual(['DEATH_REGISTRATION_REPORT', 'FAMILY_PLANNING_ASSISTANCE_TERMINATION']);
  });

  it('leaves alone what another change ended: no write, no form for it', async () => {
    const calls: string[] = [];
    const outcome = await writeThrough(healthLike({ patientId: 'p-1', assistance: { status: 'STOPPED', stopReference: 'int_other' } }, calls)).deliver(intakeOf(person, 'DEATH', 'int_mine'));
    expect(calls).toEqual(['read', 'RECORD_DEATH int_mine:HEALTH_PLATFORM:RECORD_DEATH']);
    expect(outcome.forms.map((f) => f.type)).toEqual(['DEATH_REGISTRATION_REPORT']);
  });
});

describe('holdings: already ended by this intake?', () => {
  it.each([
    ['open', false, true, { ended: false, reference: null }],
    ['ended by this intake', true, true, { ended: true, reference: 'int_1' }],
    ['ended by another change', false, false, { ended: true, reference: 'int_2' }],
    ['ended with no reference', false, false, { ended: true, reference: null }],
    ['not held at all', false, false, undefined],
  ] as const)('%s: already ended by this intake %s, to be acted on %s', (_what, ended, held, holding) => {
    expect([endedBy(holding, 'int_1'), heldFor(holding, 'int_1')]).toEqual([ended, held]);
  });

  it('reads a benefit as ended when STOPPED, under its stop reference', () => {
    expect(stoppable({ status: 'SUSPENDED', stopReference: null })).toEqual({ ended: false, reference: null });
    expect(stoppable({ status: 'STOPPED', stopReference: 'int_1' })).toEqual({ ended: true, reference: 'int_1' });
    expect(stoppable(null)).toBeUndefined();
  });
});
