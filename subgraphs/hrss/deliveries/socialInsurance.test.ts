import { UpstreamError } from '../../../platform/errors';
import { deliveryKey } from '../../../platform/delivery/keys';
import { HttpClient, type Fetch } from '../../../platform/http/client';
import type { SeedResident } from '../../../systems/seed/population';
import { startStandIn, type StartedStandIn } from '../../../tests/support/standIns';
import { socialInsuranceStandInWith } from '../../../systems/social-insurance/standIn';
import { SocialInsuranceAdapter } from '../adapters/social-insurance';
import { socialInsuranceDelivery } from './socialInsurance';
import { declaredFields, EFFECTIVE_DATE, intakeOf, residentsWhere, producedFields } from '../../../tests/support/deliveryIntakes';

const employeePensioners = residentsWhere((r) => r.socialInsurance.pension?.kind === 'EMPLOYEE_RETIREMENT' && r.socialInsurance.pension.status === 'ACTIVE');
const residentPensioners = residentsWhere((r) => r.socialInsurance.pension?.kind === 'URBAN_RURAL_RESIDENT' && r.socialInsurance.pension.status === 'ACTIVE');
const insuredOnly = residentsWhere((r) => r.socialInsurance.insured && !r.socialInsurance.pension);
const unknownToSystem = residentsWhere((r) => !r.socialInsurance.insured && !r.socialInsurance.pension);

describe('HR & social security delivery to the social insurance system', () => {
  let si: StartedStandIn;
  const adapter = (fetchImpl?: Fetch, timeoutMs?: number) =>
    new SocialInsuranceAdapter(new HttpClient({ system: 'SOCIAL_INSURANCE', baseUrl: si.url, backoffBaseMs: 1, ...(timeoutMs ? { timeoutMs } : {}) }, fetchImpl));
  const handler = (fetchImpl?: Fetch) => socialInsuranceDelivery(adapter(fetchImpl));
  /** The writes the system audited for a reference, in order. */
  const writes = (reference: string) => si.ctx.db.prepare('SELECT kind, id_number AS idNumber FROM writes WHERE reference = ? ORDER BY id').all(reference);
  const writeRequests = () => {
    const byKind = si.ctx.stats.snapshot().byKind;
    return (byKind['pension-stop'] ?? 0) + (byKind['claim-file'] ?? 0);
  };
  const pensionRow = (idNumber: string) => si.ctx.db.prepare('SELECT pay_status AS payStatus, end_date AS endDate, end_reason AS endReason FROM insured_persons WHERE id_number = ?').get(idNumber);
  const claimOf = (idNumber: string) => si.ctx.db.prepare('SELECT claim_id AS claimId, reference, death_date AS deathDate FROM claims WHERE id_number = ?').get(idNumber) as { claimId: string } | undefined;

  beforeAll(async () => {
    si = await startStandIn(socialInsuranceStandInWith({ ratePerSecond: 0, burst: 1 }));
  });
  afterAll(() => si.close());
  beforeEach(() => si.ctx.stats.reset());

  it('a death of an employee pensioner stops the pension and files the funeral claim once each, with forms 5 and 7', async () => {
    const person = employeePensioners[0];
    const seeded = person.socialInsurance.pension!;
    const outcome = await handler().deliver(intakeOf(person, 'DEATH', 'int_si_death'));

    expect(outcome.status).toBe('DELIVERED');
    expect(producedFields(outcome.forms)).toEqual(declaredFields(outcome.forms));
    const claim = claimOf(person.idNumber)!;
    const common = {
      name: person.name,
      idNumber: person.idNumber,
      sex: person.sex,
      birthDate: person.birthDate,
      community: person.community,
      changeKind: 'DEATH',
      effectiveDate: EFFECTIVE_DATE,
      deathPlace: '新都区人民医院',
      deathCertificateNumber: 'CD-2026-0042',
      destination: null,
      reportedBy: 'community-worker-7',
      reportedAt: '2026-10-05T02:00:00.000Z',
    };
    expect(outcome.forms).toEqual([
      {
        type: 'RETIREMENT_BENEFIT_CANCELLATION',
        department: 'hrss',
        payload: { ...common, pensionKind: 'EMPLOYEE_RETIREMENT', monthlyAmount: seeded.monthlyAmount, since: seeded.since, stoppedOn: EFFECTIVE_DATE },
      },
      {
        type: 'FUNERAL_GRANT_CLAIM',
        department: 'hrss',
        payload: { ...common, claimId: claim.claimId, deathDate: EFFECTIVE_DATE, pensionKind: 'EMPLOYEE_RETIREMENT', monthlyPension: seeded.monthlyAmount },
      },
    ]);
    expect(writes('int_si_death')).toEqual([
      { kind: 'PENSION_STOP', idNumber: person.idNumber },
      { kind: 'CLAIM_FILED', idNumber: person.idNumber },
    ]);
    expect(pensionRow(person.idNumber)).toEqual({ payStatus: 'TERMINATED', endDate: EFFECTIVE_DATE, endReason: 'DEATH' });
    expect(claim).toMatchObject({ reference: 'int_si_death', deathDate: EFFECTIVE_DATE });
    expect(si.ctx.stats.snapshot().byKind).toEqual({ 'insured-person': 1, 'pension-stop': 1, 'claim-file': 1 });
  });

  it('writes under serial numbers derived from the intake and the action', async () => {
    const serials = si.ctx.db.prepare("SELECT serial_no AS serialNo FROM writes WHERE reference = 'int_si_death' ORDER BY id").all() as { serialNo: string }[];
    expect(new Set(serials.map((s) => s.serialNo)).size).toBe(2);
    // The same key again is answered from the serial (the adapter turns a key the system would
    // refuse, the intake id has an underscore, into a stable serial): the handler used this key.
    const replay = await adapter().stopPension({
      idNumber: employeePensioners[0].idNumber,
      reason: 'DEATH',
      effectiveDate: EFFECTIVE_DATE,
      reference: 'int_si_death',
      idempotencyKey: deliveryKey('int_si_death', 'SOCIAL_INSURANCE', 'STOP_PENSION'),
    });
    expect(replay).toBe('STOPPED');
    expect(writes('int_si_death')).toHaveLength(2);
  });

  it('a death of a resident pensioner produces form 6 with the amount stopped, and form 7', async () => {
    const person = residentPensioners[0];
    const outcome = await handler().deliver(intakeOf(person, 'DEATH', 'int_si_rp_death'));
    expect(outcome.status).toBe('DELIVERED');
    expect(outcome.forms.map((f) => f.type)).toEqual(['RESIDENT_PENSION_TERMINATION', 'FUNERAL_GRANT_CLAIM']);
    expect(outcome.forms[0].payload).toMatchObject({ pensionKind: 'URBAN_RURAL_RESIDENT', monthlyAmount: person.socialInsurance.pension!.monthlyAmount });
  });

  it('a move of a resident pensioner stops the pension with reason MOVED_OUT and produces only form 6, carrying the destination', async () => {
    const person = residentPensioners[1];
    const outcome = await handler().deliver(intakeOf(person, 'MOVED_OUT', 'int_si_rp_move'));
    expect(outcome.status).toBe('DELIVERED');
    expect(outcome.forms.map((f) => f.type)).toEqual(['RESIDENT_PENSION_TERMINATION']);
    expect(outcome.forms[0].payload).toMatchObject({ changeKind: 'MOVED_OUT', destination: '德阳市旌阳区', deathPlace: null, stoppedOn: EFFECTIVE_DATE });
    expect(writes('int_si_rp_move')).toEqual([{ kind: 'PENSION_STOP', idNumber: person.idNumber }]);
    expect(pensionRow(person.idNumber)).toMatchObject({ payStatus: 'TERMINATED', endReason: 'MOVED_OUT' });
    expect(claimOf(person.idNumber)).toBeUndefined();
  });

  it('a death of an insured person without a pension files the funeral claim only (form 7)', async () => {
    const person = insuredOnly[0];
    const outcome = await handler().deliver(intakeOf(person, 'DEATH', 'int_si_insured'));
    expect(outcome.forms.map((f) => f.type)).toEqual(['FUNERAL_GRANT_CLAIM']);
    expect(outcome.forms[0].payload).toMatchObject({ claimId: claimOf(person.idNumber)!.claimId, pensionKind: null, monthlyPension: null });
    expect(writes('int_si_insured')).toEqual([{ kind: 'CLAIM_FILED', idNumber: person.idNumber }]);
  });

  it('run again for the same intake after a crash, it sends no write and answers DELIVERED with the same forms', async () => {
    const intake = intakeOf(employeePensioners[1], 'DEATH', 'int_si_crash');
    const first = await handler().deliver(intake);
    si.ctx.stats.reset();
    const again = await handler().deliver(intake);
    expect(again.status).toBe('DELIVERED');
    expect(again).toEqual(first);
    expect(writes('int_si_crash')).toHaveLength(2);
    expect(si.ctx.stats.snapshot().byKind).toEqual({ 'insured-person': 1 });
  });

  it('after a crash between the two writes, the run again files only the claim and answers both forms', async () => {
    const person = employeePensioners[2];
    const intake = intakeOf(person, 'DEATH', 'int_si_half');
    // The run before the crash got as far as the pension.
    await adapter().stopPension({ idNumber: person.idNumber, reason: 'DEATH', effectiveDate: EFFECTIVE_DATE, reference: intake.id, idempotencyKey: deliveryKey(intake.id, 'SOCIAL_INSURANCE', 'STOP_PENSION') });
    si.ctx.stats.reset();
    const outcome = await handler().deliver(intake);
    expect(outcome.forms.map((f) => f.type)).toEqual(['RETIREMENT_BENEFIT_CANCELLATION', 'FUNERAL_GRANT_CLAIM']);
    expect(outcome.forms[0].payload).toMatchObject({ monthlyAmount: person.socialInsurance.pension!.monthlyAmount });
    expect(writeRequests()).toBe(1);
    expect(writes('int_si_half').map((w) => (w as { kind: string }).kind)).toEqual(['PENSION_STOP', 'CLAIM_FILED']);
  });

  it.each<[string, () => SeedResident, 'DEATH' | 'MOVED_OUT']>([
    ['is unknown to the system and dies', () => unknownToSystem[0], 'DEATH'],
    ['draws an employee pension and moves away', () => employeePensioners[3], 'MOVED_OUT'],
    ['is insured without a pension and moves away', () => insuredOnly[1], 'MOVED_OUT'],
  ])('a person who %s gets NOT_APPLICABLE, no forms and no write request', async (_what, person, kind) => {
    await expect(handler().deliver(intakeOf(person(), kind, 'int_si_none'))).resolves.toEqual({ status: 'NOT_APPLICABLE', forms: [] });
    expect(writeRequests()).toBe(0);
    expect(writes('int_si_none')).toEqual([]);
  });

  it('a pension and a claim another intake already wrote are not this intake\'s: NOT_APPLICABLE and nothing written', async () => {
    const person = employeePensioners[4];
    await handler().deliver(intakeOf(person, 'DEATH', 'int_si_first'));
    si.ctx.stats.reset();
    await expect(handler().deliver(intakeOf(person, 'DEATH', 'int_si_second'))).resolves.toEqual({ status: 'NOT_APPLICABLE', forms: [] });
    expect(writeRequests()).toBe(0);
    expect(writes('int_si_second')).toEqual([]);
  });

  it('a pension stopped by someone else between the read and the write produces no form for it', async () => {
    const person = employeePensioners[5];
    const clerkStopsFirst: Fetch = (input, init) => {
      if (String(input).endsWith('/stop')) {
        si.ctx.db.prepare("UPDATE insured_persons SET pay_status = 'TERMINATED', end_date = '2026-10-01', end_reason = 'OTHER' WHERE id_number = ?").run(person.idNumber);
      }
      return fetch(input, init);
    };
    const outcome = await handler(clerkStopsFirst).deliver(intakeOf(person, 'DEATH', 'int_si_race'));
    expect(outcome.forms.map((f) => f.type)).toEqual(['FUNERAL_GRANT_CLAIM']);
    expect(writes('int_si_race')).toEqual([{ kind: 'CLAIM_FILED', idNumber: person.idNumber }]);
  });

  it('rejects with an UpstreamError naming the system when the system is down, having written nothing', async () => {
    await fetch(`${si.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'down' }) });
    try {
      const err = await socialInsuranceDelivery(adapter(undefined, 300))
        .deliver(intakeOf(employeePensioners[6], 'DEATH', 'int_si_down'))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UpstreamError);
      expect(err).toMatchObject({ code: 'SYSTEM_UNAVAILABLE', system: 'SOCIAL_INSURANCE' });
      expect((err as Error).message).not.toContain(employeePensioners[6].idNumber);
    } finally {
      await fetch(`${si.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'none' }) });
    }
    expect(writes('int_si_down')).toEqual([]);
  });
});
