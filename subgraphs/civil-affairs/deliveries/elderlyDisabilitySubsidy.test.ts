import { birthDateOf } from '../../../domain/idNumber';
import { UpstreamError } from '../../../platform/errors';
import { HttpClient, type Fetch } from '../../../platform/http/client';
import { elderlyDisabilitySubsidyStandIn } from '../../../systems/elderly-disability-subsidy/standIn';
import { population } from '../../../systems/seed/population';
import { startStandIn, type StartedStandIn } from '../../../tests/support/standIns';
import { SubsidyAdapter } from '../adapters/elderly-disability-subsidy';
import { elderlyDisabilitySubsidyDelivery } from './elderlyDisabilitySubsidy';
import { declaredFields, EFFECTIVE_DATE, intakeOf, residentsWhere, producedFields } from '../../../tests/support/deliveryIntakes';

describe('civil affairs delivery to the elderly and disability subsidy system', () => {
  let soap: StartedStandIn;
  const both = residentsWhere((r) => r.elderlyDisability.elderlySubsidy?.status === 'ACTIVE' && r.elderlyDisability.disabilitySubsidy?.status === 'ACTIVE');
  const elderlyOnly = residentsWhere((r) => r.elderlyDisability.elderlySubsidy?.status === 'ACTIVE' && !r.elderlyDisability.disabilitySubsidy);
  const nobody = residentsWhere((r) => !r.elderlyDisability.elderlySubsidy && !r.elderlyDisability.disabilitySubsidy)[0];
  const stoppedBefore = population().residents.find((r) => r.elderlyDisability.elderlySubsidy?.status === 'STOPPED')!;

  const handler = (fetchImpl?: Fetch) => elderlyDisabilitySubsidyDelivery(new SubsidyAdapter(new HttpClient({ system: 'ELDERLY_DISABILITY_SUBSIDY', baseUrl: soap.url, backoffBaseMs: 1 }, fetchImpl)));
  const stops = (reference: string) =>
    soap.ctx.db.prepare('SELECT subsidy_type AS type, reason, stop_date AS stopDate FROM stop_log WHERE reference = ? ORDER BY id').all(reference);
  const calls = () => soap.ctx.stats.snapshot().byKind;
  const setFault = (mode: string) => fetch(`${soap.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) });

  beforeAll(async () => {
    soap = await startStandIn(elderlyDisabilitySubsidyStandIn);
  });
  afterAll(async () => {
    await soap.close();
  });
  beforeEach(() => soap.ctx.stats.reset());

  it('a death of a person with both subsidies stops each once under the intake and produces forms 3 and 4 with the amounts stopped', async () => {
    const person = both[0];
    const { elderlySubsidy, disabilitySubsidy } = person.elderlyDisability;
    const outcome = await handler().deliver(intakeOf(person, 'DEATH', 'int_eds_death'));

    expect(outcome.status).toBe('DELIVERED');
    expect(producedFields(outcome.forms)).toEqual(declaredFields(outcome.forms));
    expect(outcome.forms.map((f) => [f.type, f.department])).toEqual([
      ['ELDERLY_SUBSIDY_REDUCTION', 'civil-affairs'],
      ['DISABILITY_SUBSIDY_CANCELLATION', 'civil-affairs'],
    ]);
    const common = { name: person.name, idNumber: person.idNumber, community: person.community, changeKind: 'DEATH', effectiveDate: EFFECTIVE_DATE, deathPlace: '新都区人民医院', destination: null, birthDate: birthDateOf(person.idNumber), stoppedOn: EFFECTIVE_DATE };
    expect(outcome.forms[0].payload).toEqual({ ...common, deathCertificateNumber: 'CD-2026-0042', reportedBy: 'community-worker-7', reportedAt: '2026-10-05T02:00:00.000Z', monthlyAmount: elderlySubsidy!.monthlyAmount, since: elderlySubsidy!.since });
    expect(outcome.forms[1].payload).toMatchObject({ ...common, category: disabilitySubsidy!.category, monthlyAmount: disabilitySubsidy!.monthlyAmount, since: disabilitySubsidy!.since });
    expect(outcome.forms[0].payload).not.toHaveProperty('category');
    expect(stops('int_eds_death')).toEqual([
      { type: 'ELDERLY', reason: 'DEATH', stopDate: EFFECTIVE_DATE },
      { type: 'DISABILITY', reason: 'DEATH', stopDate: EFFECTIVE_DATE },
    ]);
    expect(calls().StopSubsidy).toBe(2);
  });

  it('a move of an elderly subsidy recipient stops it with reason MOVED_OUT and produces form 3 carrying the destination', async () => {
    const person = elderlyOnly[0];
    const outcome = await handler().deliver(intakeOf(person, 'MOVED_OUT', 'int_eds_move'));
    expect(outcome.status).toBe('DELIVERED');
    expect(outcome.forms.map((f) => f.type)).toEqual(['ELDERLY_SUBSIDY_REDUCTION']);
    expect(outcome.forms[0].payload).toMatchObject({ changeKind: 'MOVED_OUT', destination: '德阳市旌阳区', deathPlace: null, monthlyAmount: person.elderlyDisability.elderlySubsidy!.monthlyAmount });
    expect(stops('int_eds_move')).toEqual([{ type: 'ELDERLY', reason: 'MOVED_OUT', stopDate: EFFECTIVE_DATE }]);
  });

  it('run again for the same intake after a crash, it sends no StopSubsidy and answers DELIVERED with the same forms', async () => {
    const intake = intakeOf(both[1], 'DEATH', 'int_eds_crash');
    const first = await handler().deliver(intake);
    soap.ctx.stats.reset();
    const again = await handler().deliver(intake);
    expect(again).toEqual(first);
    expect(again.forms).toHaveLength(2);
    expect(stops('int_eds_crash')).toHaveLength(2);
    expect(calls()).toEqual({ GetSubsidyRecord: 1 });
  });

  it('a stop whose answer was lost is recognised by its reference: written once, form produced', async () => {
    const person = elderlyOnly[1];
    let dropped = false;
    // The stop reaches the system, then the connection breaks before the answer: the client sends it again.
    const losesFirstStopAnswer: Fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (!dropped && String(init?.body).includes('StopSubsidy>')) {
        dropped = true;
        throw new TypeError('fetch failed: socket hang up');
      }
      return res;
    };
    const outcome = await handler(losesFirstStopAnswer).deliver(intakeOf(person, 'DEATH', 'int_eds_lost'));
    expect(outcome.status).toBe('DELIVERED');
    expect(outcome.forms.map((f) => f.type)).toEqual(['ELDERLY_SUBSIDY_REDUCTION']);
    expect(stops('int_eds_lost')).toHaveLength(1);
    expect(calls()).toEqual({ GetSubsidyRecord: 3, StopSubsidy: 2 });
  });

  it('a subsidy stopped by someone else between the read and the write produces no form', async () => {
    const person = elderlyOnly[2];
    const clerkStopsFirst: Fetch = (input, init) => {
      if (String(init?.body).includes('StopSubsidy>')) soap.ctx.db.prepare("UPDATE subsidies SET status_code = 3, stop_date = '2026-10-01' WHERE id_number = ?").run(person.idNumber);
      return fetch(input, init);
    };
    await expect(handler(clerkStopsFirst).deliver(intakeOf(person, 'DEATH', 'int_eds_race'))).resolves.toEqual({ status: 'NOT_APPLICABLE', forms: [] });
    expect(stops('int_eds_race')).toEqual([]);
  });

  it.each([
    ['holds no subsidy', () => nobody],
    ['holds only a subsidy stopped before', () => stoppedBefore],
  ])('a person who %s gets NOT_APPLICABLE, no forms and no StopSubsidy request', async (_what, person) => {
    await expect(handler().deliver(intakeOf(person(), 'DEATH', 'int_eds_none'))).resolves.toEqual({ status: 'NOT_APPLICABLE', forms: [] });
    expect(calls()).toEqual({ GetSubsidyRecord: 1 });
    expect(stops('int_eds_none')).toEqual([]);
  });

  it("a subsidy another intake already stopped is not this intake's: NOT_APPLICABLE and nothing written", async () => {
    const person = elderlyOnly[3];
    await handler().deliver(intakeOf(person, 'MOVED_OUT', 'int_eds_first'));
    soap.ctx.stats.reset();
    await expect(handler().deliver(intakeOf(person, 'DEATH', 'int_eds_second'))).resolves.toEqual({ status: 'NOT_APPLICABLE', forms: [] });
    expect(calls()).toEqual({ GetSubsidyRecord: 1 });
  });

  it('with the system down, deliver rejects with an UpstreamError naming it', async () => {
    expect((await setFault('down')).status).toBe(200);
    try {
      const err = await handler().deliver(intakeOf(elderlyOnly[4], 'DEATH', 'int_eds_down')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UpstreamError);
      expect(err).toMatchObject({ code: 'SYSTEM_UNAVAILABLE', system: 'ELDERLY_DISABILITY_SUBSIDY' });
    } finally {
      await setFault('none');
    }
    expect(stops('int_eds_down')).toEqual([]);
  });
});
