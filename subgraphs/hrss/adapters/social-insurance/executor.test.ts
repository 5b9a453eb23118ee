import { population } from '../../../../systems/seed/population';
import { startStandIn, type StartedStandIn } from '../../../../tests/support/standIns';
import { socialInsuranceStandInWith } from '../../../../systems/social-insurance/standIn';
import { HttpClient, type Fetch } from '../../../../platform/http/client';
import { SocialInsuranceAdapter } from './index';

const residents = population().residents;
const known = residents.filter((r) => r.socialInsurance.insured || r.socialInsurance.pension);
const unknown = residents.filter((r) => !r.socialInsurance.insured && !r.socialInsurance.pension);
const payingPensioners = residents.filter((r) => r.socialInsurance.pension?.status === 'ACTIVE');
const insuredOnly = residents.filter((r) => r.socialInsurance.insured && !r.socialInsurance.pension);

async function pageCalls(si: StartedStandIn): Promise<Record<string, number>> {
  return (await (await fetch(`${si.url}/__admin/stats`)).json()).byKind;
}
const resetStats = (si: StartedStandIn) => fetch(`${si.url}/__admin/stats/reset`, { method: 'POST' });

describe('SocialInsuranceAdapter reads', () => {
  let si: StartedStandIn;
  let adapter: SocialInsuranceAdapter;
  beforeAll(async () => {
    si = await startStandIn(socialInsuranceStandInWith({ ratePerSecond: 0, burst: 1 }));
    adapter = new SocialInsuranceAdapter(new HttpClient({ system: 'SOCIAL_INSURANCE', baseUrl: si.url }));
  });
  afterAll(() => si.close());
  beforeEach(() => resetStats(si));

  it('follows pages: 100 known ID numbers with pages of 50 take exactly 2 page calls', async () => {
    const ids = known.slice(0, 100).map((r) => r.idNumber);
    const found = await adapter.lookupMany(ids);
    expect(found.size).toBe(100);
    expect(await pageCalls(si)).toEqual({ 'insured-persons-page': 2 });
  });

  it('maps the wire record to domain terms (yuan, domain pension kind and status)', async () => {
    const stopped = known.find((r) => r.socialInsurance.pension?.status === 'STOPPED')!;
    const paying = payingPensioners.find((r) => r.socialInsurance.pension!.kind === 'URBAN_RURAL_RESIDENT')!;
    const found = await adapter.lookupMany([stopped.idNumber, paying.idNumber, insuredOnly[0].idNumber]);
    // Seeded stops predate the system's records of who stopped them: no stop reference; no claims filed yet.
    const seedPension = (r: typeof stopped) => {
      const { kind, status, monthlyAmount, since, stoppedOn } = r.socialInsurance.pension!;
      return { kind, status, monthlyAmount, since, stoppedOn, stopReference: null };
    };
    expect(found.get(stopped.idNumber)).toEqual({ insured: stopped.socialInsurance.insured, pension: seedPension(stopped), funeralClaim: null });
    expect(found.get(paying.idNumber)).toEqual({ insured: true, pension: seedPension(paying), funeralClaim: null });
    expect(found.get(insuredOnly[0].idNumber)).toEqual({ insured: true, pension: null, funeralClaim: null });
  });

  it('leaves people the system does not know out of the map, and never sends a malformed number', async () => {
    const found = await adapter.lookupMany([unknown[0].idNumber, 'not-an-id-number', known[0].idNumber]);
    expect([...found.keys()]).toEqual([known[0].idNumber]);
    await resetStats(si);
    expect((await adapter.lookupMany(['garbage'])).size).toBe(0);
    expect(await pageCalls(si)).toEqual({});
  });

  it('splits more than 100 ID numbers into queries of 100 and needs one page when few are known', async () => {
    const ids = [...known.slice(0, 40), ...unknown.slice(0, 210)].map((r) => r.idNumber);
    const found = await adapter.lookupMany(ids);
    expect(found.size).toBe(40);
    expect((await pageCalls(si))['insured-persons-page']).toBe(3);
  });
});

describe('SocialInsuranceAdapter under the rate limit', () => {
  let si: StartedStandIn;
  beforeAll(async () => {
    si = await startStandIn(socialInsuranceStandInWith({ ratePerSecond: 1, burst: 1 }));
  });
  afterAll(() => si.close());

  it('still gets every page after waiting out 429 Retry-After', async () => {
    // A budget above the 1 s Retry-After the system will ask for.
    const adapter = new SocialInsuranceAdapter(new HttpClient({ system: 'SOCIAL_INSURANCE', baseUrl: si.url, timeoutMs: 3000 }));
    const ids = known.slice(200, 300).map((r) => r.idNumber);
    const started = Date.now();
    const found = await adapter.lookupMany(ids);
    expect(found.size).toBe(100);
    const byKind = await pageCalls(si);
    expect(byKind['insured-persons-page']).toBe(2);
    expect(byKind['rate-limited']).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('SocialInsuranceAdapter writes', () => {
  let si: StartedStandIn;
  let adapter: SocialInsuranceAdapter;
  const writes = (idNumber: string) => (si.ctx.db.prepare('SELECT kind FROM writes WHERE id_number = ?').all(idNumber) as { kind: string }[]).map((w) => w.kind);
  beforeAll(async () => {
    si = await startStandIn(socialInsuranceStandInWith({ ratePerSecond: 0, burst: 1 }));
    adapter = new SocialInsuranceAdapter(new HttpClient({ system: 'SOCIAL_INSURANCE', baseUrl: si.url, backoffBaseMs: 1 }));
  });
  afterAll(() => si.close());

  it('stops a pension once; the same change again is answered from the serial, a new one as ALREADY_STOPPED', async () => {
    const p = payingPensioners[0].idNumber;
    const change = { idNumber: p, reason: 'DEATH' as const, effectiveDate: '2026-09-15', reference: 'intake-0001' };
    expect(await adapter.stopPension(change)).toBe('STOPPED');
    expect(await adapter.stopPension(change)).toBe('STOPPED');
    expect(await adapter.stopPension({ ...change, reference: 'intake-0002' })).toBe('ALREADY_STOPPED');
    expect(writes(p)).toEqual(['PENSION_STOP']);
    expect((await adapter.lookupMany([p])).get(p)!.pension).toMatchObject({ status: 'STOPPED', stoppedOn: '2026-09-15' });
  });

  it('writes once when the reply to the first attempt is lost and the client retries', async () => {
    let calls = 0;
    // The first answer never reaches us (the system did write): the retry must not write again.
    const losingFetch: Fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (++calls === 1) throw new TypeError('fetch failed: socket hang up');
      return res;
    };
    const flaky = new SocialInsuranceAdapter(new HttpClient({ system: 'SOCIAL_INSURANCE', baseUrl: si.url, backoffBaseMs: 1 }, losingFetch));
    const p = payingPensioners[1].idNumber;
    expect(await flaky.stopPension({ idNumber: p, reason: 'MOVED_OUT', effectiveDate: '2026-09-16', reference: 'intake-0003' })).toBe('STOPPED');
    expect(calls).toBe(2);
    expect(writes(p)).toEqual(['PENSION_STOP']);
  });

  it('answers NO_PENSION for an insured person without one', async () => {
    expect(await adapter.stopPension({ idNumber: insuredOnly[0].idNumber, reason: 'DEATH', effectiveDate: '2026-09-15', reference: 'intake-0004' })).toBe('NO_PENSION');
    expect(writes(insuredOnly[0].idNumber)).toEqual([]);
  });

  it('files a funeral grant claim once, and reports later filings and uninsured people without writing', async () => {
    const p = insuredOnly[1].idNumber;
    const claim = { idNumber: p, deathDate: '2026-09-14', reference: 'intake 0005 / 死亡' };
    const first = await adapter.fileFuneralClaim(claim);
    expect(first).toEqual({ outcome: 'FILED', claimId: expect.stringMatching(/^FG/) });
    expect(await adapter.fileFuneralClaim(claim)).toEqual(first);
    expect(await adapter.fileFuneralClaim({ ...claim, reference: 'intake-0006' })).toEqual({ outcome: 'ALREADY_FILED', claimId: first.claimId });
    expect(await adapter.fileFuneralClaim({ idNumber: unknown[0].idNumber, deathDate: '2026-09-14', reference: 'intake-0007' })).toEqual({ outcome: 'NOT_INSURED', claimId: null });
    expect(writes(p)).toEqual(['CLAIM_FILED']);
    expect(writes(unknown[0].idNumber)).toEqual([]);
  });

  it('reads one person back with the reference of the stop and the funeral claim filed, and null for someone unknown', async () => {
    const p = payingPensioners[3].idNumber;
    expect(await adapter.lookup(p)).toMatchObject({ insured: true, pension: { status: 'ACTIVE', stopReference: null }, funeralClaim: null });
    await adapter.stopPension({ idNumber: p, reason: 'DEATH', effectiveDate: '2026-09-15', reference: 'int_lookup_1' });
    const { claimId } = await adapter.fileFuneralClaim({ idNumber: p, deathDate: '2026-09-15', reference: 'int_lookup_1' });
    const record = await adapter.lookup(p);
    expect(record).toMatchObject({ pension: { status: 'STOPPED', stoppedOn: '2026-09-15', stopReference: 'int_lookup_1' }, funeralClaim: { claimId, reference: 'int_lookup_1', deathDate: '2026-09-15' } });
    expect((await adapter.lookupMany([p])).get(p)).toEqual(record);
    expect(await adapter.lookup(unknown[0].idNumber)).toBeNull();
  });

  it('reports a serial reused for a different write as SYSTEM_ERROR naming the system', async () => {
    const err = await adapter
      .stopPension({ idNumber: payingPensioners[2].idNumber, reason: 'DEATH', effectiveDate: '2026-09-15', reference: 'x', idempotencyKey: 'pension-stop:intake-0001' })
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'SYSTEM_ERROR', system: 'SOCIAL_INSURANCE', status: 409 });
    expect(writes(payingPensioners[2].idNumber)).toEqual([]);
  });
});
