import { population, type SeedBenefit } from '../../../../systems/seed/population';
import { socialAssistanceStandIn } from '../../../../systems/social-assistance/standIn';
import { startStandIn, type StartedStandIn } from '../../../../tests/support/standIns';
import { UpstreamError } from '../../../../platform/errors';
import { HttpClient } from '../../../../platform/http/client';
import { SocialAssistanceAdapter } from './index';

// Seeded stops predate the system's records of who stopped them: no stop reference.
const benefitOf = (b: SeedBenefit) => ({ status: b.status, monthlyAmount: b.monthlyAmount, since: b.since, stoppedOn: b.stoppedOn, stopReference: null });

describe('social assistance adapter against the stand-in', () => {
  let sa: StartedStandIn;
  let adapter: SocialAssistanceAdapter;
  const residents = population().residents;
  const active = residents.filter((r) => r.socialAssistance.subsistenceAllowance?.status === 'ACTIVE');
  const terminations = () => (sa.ctx.db.prepare('SELECT COUNT(*) AS n FROM terminations').get() as { n: number }).n;
  const details = { reason: 'DEATH' as const, effectiveDate: '2026-10-02', reference: 'INTAKE-1' };

  beforeAll(async () => {
    sa = await startStandIn(socialAssistanceStandIn);
    adapter = new SocialAssistanceAdapter(new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: sa.url, backoffBaseMs: 1 }));
  });
  afterAll(async () => {
    await sa.close();
  });
  beforeEach(() => sa.ctx.stats.reset());

  it('lookupMany reads 250 people in 3 batch calls and maps their cases to benefits with case numbers', async () => {
    const people = residents.slice(0, 250);
    const found = await adapter.lookupMany([...people.map((r) => r.idNumber), 'not-an-id-number']);
    expect(sa.ctx.stats.snapshot().byKind).toEqual({ 'batch-lookup': 3 });
    const enrolled = people.filter((r) => r.socialAssistance.subsistenceAllowance || r.socialAssistance.specialHardship);
    expect(enrolled.length).toBeGreaterThan(0);
    expect([...found.keys()].sort()).toEqual(enrolled.map((r) => r.idNumber).sort());
    for (const r of enrolled) {
      const { subsistenceAllowance, specialHardship } = r.socialAssistance;
      const record = found.get(r.idNumber)!;
      if (subsistenceAllowance) expect(record.subsistenceAllowance).toEqual({ ...benefitOf(subsistenceAllowance), caseNo: expect.stringMatching(/^DB/) });
      else expect(record.subsistenceAllowance).toBeUndefined();
      if (specialHardship) expect(record.specialHardship).toEqual({ ...benefitOf(specialHardship), caseNo: expect.stringMatching(/^TK/) });
    }
  });

  it('lookup gives null for a person without a case and the record for one with a case', async () => {
    const nobody = residents.find((r) => !r.socialAssistance.subsistenceAllowance && !r.socialAssistance.specialHardship)!;
    await expect(adapter.lookup(nobody.idNumber)).resolves.toBeNull();
    await expect(adapter.lookup(active[0].idNumber)).resolves.toMatchObject({ subsistenceAllowance: { status: 'ACTIVE' } });
  });

  it('terminate sent twice with the same Idempotency-Key writes once and reports STOPPED both times', async () => {
    const { caseNo } = (await adapter.lookup(active[1].idNumber))!.subsistenceAllowance!;
    const before = terminations();
    await expect(adapter.terminate(caseNo, details, 'intake-1:sa')).resolves.toBe('STOPPED');
    await expect(adapter.terminate(caseNo, details, 'intake-1:sa')).resolves.toBe('STOPPED');
    expect(terminations()).toBe(before + 1);
    expect(sa.ctx.stats.snapshot().byKind).toMatchObject({ termination: 2 });
    await expect(adapter.lookup(active[1].idNumber)).resolves.toMatchObject({ subsistenceAllowance: { status: 'STOPPED', stoppedOn: '2026-10-02' } });
  });

  it('a case stopped by a termination is read with the reference it was recorded with; a running one has none', async () => {
    const person = active[4];
    await expect(adapter.lookup(person.idNumber)).resolves.toMatchObject({ subsistenceAllowance: { status: 'ACTIVE', stopReference: null } });
    const { caseNo } = (await adapter.lookup(person.idNumber))!.subsistenceAllowance!;
    await adapter.terminate(caseNo, { ...details, reference: 'int_ref_4' }, 'intake-ref-4');
    const [single, batch] = await Promise.all([adapter.lookup(person.idNumber), adapter.lookupMany([person.idNumber])]);
    expect(single!.subsistenceAllowance).toMatchObject({ caseNo, status: 'STOPPED', stopReference: 'int_ref_4' });
    expect(batch.get(person.idNumber)!.subsistenceAllowance).toEqual(single!.subsistenceAllowance);
  });

  it('terminate reports ALREADY_STOPPED for a stopped case and NO_SUCH_CASE for an unknown one, writing nothing', async () => {
    const { caseNo } = (await adapter.lookup(active[1].idNumber))!.subsistenceAllowance!;
    const before = terminations();
    await expect(adapter.terminate(caseNo, details, 'another-key')).resolves.toBe('ALREADY_STOPPED');
    await expect(adapter.terminate('DB999999', details, 'yet-another-key')).resolves.toBe('NO_SUCH_CASE');
    expect(terminations()).toBe(before);
  });

  it('a key reused for another case fails with SYSTEM_ERROR (422) and writes nothing', async () => {
    const { caseNo } = (await adapter.lookup(active[2].idNumber))!.subsistenceAllowance!;
    const before = terminations();
    const err = await adapter.terminate(caseNo, details, 'intake-1:sa').catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ code: 'SYSTEM_ERROR', system: 'SOCIAL_ASSISTANCE', status: 422, message: expect.stringContaining('Idempotency-Key') });
    expect(terminations()).toBe(before);
  });

  it('terminateAllOf stops every running case of the person once, however often it is called', async () => {
    const person = residents.find((r) => r.socialAssistance.specialHardship?.status === 'ACTIVE')!;
    const before = terminations();
    await expect(adapter.terminateAllOf(person.idNumber, details, 'intake-2')).resolves.toEqual({ specialHardship: 'STOPPED' });
    await expect(adapter.terminateAllOf(person.idNumber, details, 'intake-2')).resolves.toEqual({ specialHardship: 'ALREADY_STOPPED' });
    expect(terminations()).toBe(before + 1);
  });

  it('a system answering 500 is retried, then fails with SYSTEM_ERROR naming the system', async () => {
    let calls = 0;
    const counted = new SocialAssistanceAdapter(new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: sa.url, backoffBaseMs: 1 }, (input, init) => {
      calls++;
      return fetch(input, init);
    }));
    sa.ctx.faults.settings = { mode: 'error', latencyMs: 0 };
    try {
      await expect(counted.lookupMany([active[3].idNumber])).rejects.toMatchObject({ code: 'SYSTEM_ERROR', system: 'SOCIAL_ASSISTANCE', status: 500 });
      expect(calls).toBe(3);
    } finally {
      sa.ctx.faults.settings = { mode: 'none', latencyMs: 0 };
    }
  });
});
