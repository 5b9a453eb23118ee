import { UpstreamError } from '../../../platform/errors';
import { deliveryKey } from '../../../platform/delivery/keys';
import { HttpClient, type Fetch } from '../../../platform/http/client';
import { population } from '../../../systems/seed/population';
import { startStandIn, type StartedStandIn } from '../../../tests/support/standIns';
import { socialAssistanceStandIn } from '../../../systems/social-assistance/standIn';
import { SocialAssistanceAdapter } from '../adapters/social-assistance';
import { socialAssistanceDelivery } from './socialAssistance';
import { declaredFields, EFFECTIVE_DATE, intakeOf, residentsWhere, producedFields } from '../../../tests/support/deliveryIntakes';

describe('civil affairs delivery to the social assistance system', () => {
  let sa: StartedStandIn;
  const dibao = residentsWhere((r) => r.socialAssistance.subsistenceAllowance?.status === 'ACTIVE');
  const hardship = residentsWhere((r) => r.socialAssistance.specialHardship?.status === 'ACTIVE');
  const nobody = residentsWhere((r) => !r.socialAssistance.subsistenceAllowance && !r.socialAssistance.specialHardship)[0];
  const stoppedBefore = population().residents.find((r) => r.socialAssistance.subsistenceAllowance?.status === 'STOPPED')!;

  const handler = (fetchImpl?: Fetch) => socialAssistanceDelivery(new SocialAssistanceAdapter(new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: sa.url, backoffBaseMs: 1 }, fetchImpl)));
  const terminations = (reference: string) =>
    sa.ctx.db.prepare('SELECT case_no AS caseNo, reason, effective_date AS effectiveDate, idempotency_key AS idempotencyKey FROM terminations WHERE reference = ? ORDER BY id').all(reference);
  const caseOf = (caseNo: string) => sa.ctx.db.prepare('SELECT status, stopped_on AS stoppedOn FROM cases WHERE case_no = ?').get(caseNo);
  const caseNoOf = (idNumber: string, programme: string) =>
    (sa.ctx.db.prepare('SELECT case_no AS caseNo FROM cases WHERE id_number = ? AND programme = ?').get(idNumber, programme) as { caseNo: string }).caseNo;
  const writeRequests = () => sa.ctx.stats.snapshot().byKind.termination ?? 0;

  beforeAll(async () => {
    sa = await startStandIn(socialAssistanceStandIn);
  });
  afterAll(async () => {
    await sa.close();
  });
  beforeEach(() => sa.ctx.stats.reset());

  it('a death of a subsistence allowance recipient terminates the case once under the intake and produces form 1 with the amount stopped', async () => {
    const person = dibao[0];
    const seeded = person.socialAssistance.subsistenceAllowance!;
    const caseNo = caseNoOf(person.idNumber, 'SUBSISTENCE_ALLOWANCE');
    const outcome = await handler().deliver(intakeOf(person, 'DEATH', 'int_sa_death'));

    expect(outcome.status).toBe('DELIVERED');
    expect(producedFields(outcome.forms)).toEqual(declaredFields(outcome.forms));
    expect(outcome.forms).toEqual([
      {
        type: 'SUBSISTENCE_ALLOWANCE_CANCELLATION',
        department: 'civil-affairs',
        payload: {
          name: person.name,
          idNumber: person.idNumber,
          community: person.community,
          changeKind: 'DEATH',
          effectiveDate: EFFECTIVE_DATE,
          deathPlace: '新都区人民医院',
          deathCertificateNumber: 'CD-2026-0042',
          destination: null,
          reportedBy: 'community-worker-7',
          reportedAt: '2026-10-05T02:00:00.000Z',
          caseNo,
          monthlyAmount: seeded.monthlyAmount,
          since: seeded.since,
          stoppedOn: EFFECTIVE_DATE,
        },
      },
    ]);
    expect(terminations('int_sa_death')).toEqual([
      { caseNo, reason: 'DEATH', effectiveDate: EFFECTIVE_DATE, idempotencyKey: deliveryKey('int_sa_death', 'SOCIAL_ASSISTANCE', 'TERMINATE_SUBSISTENCE_ALLOWANCE') },
    ]);
    expect(caseOf(caseNo)).toEqual({ status: 'STOPPED', stoppedOn: EFFECTIVE_DATE });
    expect(writeRequests()).toBe(1);
  });

  it('a move of a special-hardship recipient terminates with reason MOVED_OUT and produces form 2 carrying the destination', async () => {
    const person = hardship[0];
    const outcome = await handler().deliver(intakeOf(person, 'MOVED_OUT', 'int_sa_move'));
    expect(outcome.status).toBe('DELIVERED');
    expect(outcome.forms.map((f) => f.type)).toEqual(['SPECIAL_HARDSHIP_TERMINATION']);
    expect(outcome.forms[0].payload).toMatchObject({
      caseNo: caseNoOf(person.idNumber, 'SPECIAL_HARDSHIP'),
      changeKind: 'MOVED_OUT',
      destination: '德阳市旌阳区',
      deathPlace: null,
      monthlyAmount: person.socialAssistance.specialHardship!.monthlyAmount,
    });
    expect(terminations('int_sa_move')).toEqual([expect.objectContaining({ reason: 'MOVED_OUT' })]);
  });

  it('run again for the same intake after a crash, it sends no write and answers DELIVERED with the same forms', async () => {
    const intake = intakeOf(dibao[1], 'DEATH', 'int_sa_crash');
    const first = await handler().deliver(intake);
    sa.ctx.stats.reset();
    const again = await handler().deliver(intake);
    expect(again).toEqual(first);
    expect(again.status).toBe('DELIVERED');
    expect(terminations('int_sa_crash')).toHaveLength(1);
    expect(sa.ctx.stats.snapshot().byKind).toEqual({ 'recipient-lookup': 1 });
  });

  it('after a crash between two terminations, the run again writes only the case still running and answers both forms', async () => {
    const person = dibao[2];
    // Give the person a second case so one change ends two programmes.
    sa.ctx.db.prepare("INSERT INTO cases (case_no, id_number, programme, status, monthly_amount, since) VALUES ('TK900001', ?, 'SPECIAL_HARDSHIP', 'ACTIVE', 1400, '2024-01-01')").run(person.idNumber);
    const intake = intakeOf(person, 'DEATH', 'int_sa_half');
    // The run before the crash got as far as the subsistence allowance.
    const adapter = new SocialAssistanceAdapter(new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: sa.url }));
    await adapter.terminate(caseNoOf(person.idNumber, 'SUBSISTENCE_ALLOWANCE'), { reason: 'DEATH', effectiveDate: EFFECTIVE_DATE, reference: intake.id }, deliveryKey(intake.id, 'SOCIAL_ASSISTANCE', 'TERMINATE_SUBSISTENCE_ALLOWANCE'));
    sa.ctx.stats.reset();

    const outcome = await handler().deliver(intake);
    expect(outcome.status).toBe('DELIVERED');
    expect(outcome.forms.map((f) => f.type)).toEqual(['SUBSISTENCE_ALLOWANCE_CANCELLATION', 'SPECIAL_HARDSHIP_TERMINATION']);
    expect(outcome.forms[1].payload).toMatchObject({ caseNo: 'TK900001', monthlyAmount: 1400 });
    expect(writeRequests()).toBe(1);
    expect(terminations('int_sa_half').map((t) => (t as { caseNo: string }).caseNo)).toEqual([caseNoOf(person.idNumber, 'SUBSISTENCE_ALLOWANCE'), 'TK900001']);
  });

  it.each([
    ['holds no case', () => nobody],
    ['holds only a case stopped before', () => stoppedBefore],
  ])('a person who %s gets NOT_APPLICABLE, no forms and no write request', async (_what, person) => {
    await expect(handler().deliver(intakeOf(person(), 'DEATH', 'int_sa_none'))).resolves.toEqual({ status: 'NOT_APPLICABLE', forms: [] });
    expect(writeRequests()).toBe(0);
    expect(terminations('int_sa_none')).toEqual([]);
  });

  it('a case another intake already stopped is not this intake\'s: NOT_APPLICABLE and nothing written', async () => {
    const person = dibao[3];
    await handler().deliver(intakeOf(person, 'DEATH', 'int_sa_first'));
    sa.ctx.stats.reset();
    await expect(handler().deliver(intakeOf(person, 'DEATH', 'int_sa_second'))).resolves.toEqual({ status: 'NOT_APPLICABLE', forms: [] });
    expect(writeRequests()).toBe(0);
    expect(terminations('int_sa_second')).toEqual([]);
  });

  it('a case stopped by someone else between the read and the write produces no form', async () => {
    const person = dibao[4];
    const caseNo = caseNoOf(person.idNumber, 'SUBSISTENCE_ALLOWANCE');
    const clerkStopsFirst: Fetch = (input, init) => {
      if (String(input).endsWith('/termination')) sa.ctx.db.prepare("UPDATE cases SET status = 'STOPPED', stopped_on = '2026-10-01' WHERE case_no = ?").run(caseNo);
      return fetch(input, init);
    };
    await expect(handler(clerkStopsFirst).deliver(intakeOf(person, 'DEATH', 'int_sa_race'))).resolves.toEqual({ status: 'NOT_APPLICABLE', forms: [] });
    expect(writeRequests()).toBe(1);
    expect(terminations('int_sa_race')).toEqual([]);
  });

  it('with the system down, deliver rejects with an UpstreamError naming it', async () => {
    const down = await fetch(`${sa.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'down' }) });
    expect(down.status).toBe(200);
    try {
      const err = await handler().deliver(intakeOf(dibao[5], 'DEATH', 'int_sa_down')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UpstreamError);
      expect(err).toMatchObject({ code: 'SYSTEM_UNAVAILABLE', system: 'SOCIAL_ASSISTANCE' });
      expect((err as Error).message).not.toContain(dibao[5].idNumber);
    } finally {
      await fetch(`${sa.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'none' }) });
    }
    expect(terminations('int_sa_down')).toEqual([]);
  });
});
