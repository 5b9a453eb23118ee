import { population } from '../seed/population';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { socialInsuranceStandInWith } from './standIn';
import type { WireInsuredPerson, WirePage } from './wire';

const residents = population().residents;
const payingPensioners = residents.filter((r) => r.socialInsurance.pension?.status === 'ACTIVE');
const insuredWithoutPension = residents.filter((r) => r.socialInsurance.insured && !r.socialInsurance.pension);
const notInsured = residents.filter((r) => !r.socialInsurance.insured && !r.socialInsurance.pension);

describe('social insurance writes (X-Serial-No idempotency)', () => {
  let si: StartedStandIn;
  beforeAll(async () => {
    si = await startStandIn(socialInsuranceStandInWith({ ratePerSecond: 0, burst: 1 }));
  });
  afterAll(() => si.close());

  const post = (path: string, body: unknown, serial?: string) =>
    fetch(`${si.url}/si/v2${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(serial ? { 'X-Serial-No': serial } : {}) },
      body: JSON.stringify(body),
    });
  const writes = (idNumber: string) => (si.ctx.db.prepare('SELECT kind FROM writes WHERE id_number = ?').all(idNumber) as { kind: string }[]).map((w) => w.kind);

  it('stops a pension once: a retry with the same serial replays the answer and writes nothing', async () => {
    const p = payingPensioners[0];
    const body = { reason: 'DEATH', effectiveDate: '2026-09-12', reference: 'intake-1' };
    const first = await post(`/pensions/${p.idNumber}/stop`, body, 'intake-1:pension-stop');
    const again = await post(`/pensions/${p.idNumber}/stop`, body, 'intake-1:pension-stop');
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers.get('x-serial-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(writes(p.idNumber)).toEqual(['PENSION_STOP']);
    const person = await (await fetch(`${si.url}/si/v2/insured-persons/${p.idNumber}`)).json();
    expect(person.pension).toMatchObject({ payStatus: 'TERMINATED', endDate: '2026-09-12', endReason: 'DEATH' });
  });

  it('answers 409 PENSION_ALREADY_TERMINATED to a new serial for a pension already stopped', async () => {
    const p = payingPensioners[0];
    const res = await post(`/pensions/${p.idNumber}/stop`, { reason: 'DEATH', effectiveDate: '2026-09-12', reference: 'intake-2' }, 'intake-2:pension-stop');
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'PENSION_ALREADY_TERMINATED', endDate: '2026-09-12' });
    expect(writes(p.idNumber)).toEqual(['PENSION_STOP']);
  });

  it('refuses the same serial on a different request with 409 SERIAL_REUSED', async () => {
    const p = payingPensioners[1];
    const res = await post(`/pensions/${p.idNumber}/stop`, { reason: 'DEATH', effectiveDate: '2026-09-12', reference: 'intake-1' }, 'intake-1:pension-stop');
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'SERIAL_REUSED' });
    expect(writes(p.idNumber)).toEqual([]);
  });

  it('refuses a write without a serial number', async () => {
    const p = payingPensioners[1];
    const res = await post(`/pensions/${p.idNumber}/stop`, { reason: 'DEATH', effectiveDate: '2026-09-12', reference: 'intake-3' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'SERIAL_REQUIRED' });
  });

  it('answers 404 NO_PENSION for an insured person who draws none', async () => {
    const res = await post(`/pensions/${insuredWithoutPension[0].idNumber}/stop`, { reason: 'DEATH', effectiveDate: '2026-09-12', reference: 'intake-4' }, 'intake-4:pension-stop');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NO_PENSION' });
  });

  it('files a funeral grant claim once, replays a retry, and reports a second filing as DUPLICATE_CLAIM', async () => {
    const p = insuredWithoutPension[1];
    const body = { type: 'FUNERAL_GRANT_AND_SURVIVOR_PENSION', idNumber: p.idNumber, deathDate: '2026-09-10', reference: 'intake-5' };
    const first = await post('/claims', body, 'intake-5:funeral-claim');
    const replay = await post('/claims', body, 'intake-5:funeral-claim');
    const duplicate = await post('/claims', { ...body, reference: 'intake-6' }, 'intake-6:funeral-claim');
    expect(first.status).toBe(201);
    const claim = await first.json();
    expect(claim).toMatchObject({ claimId: expect.stringMatching(/^FG\d{14}$/), status: 'RECEIVED', deathDate: '2026-09-10' });
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(claim);
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ code: 'DUPLICATE_CLAIM', claimId: claim.claimId });
    expect(writes(p.idNumber)).toEqual(['CLAIM_FILED']);
  });

  it('refuses a claim for someone not insured with 422 NOT_INSURED', async () => {
    const body = { type: 'FUNERAL_GRANT_AND_SURVIVOR_PENSION', idNumber: notInsured[0].idNumber, deathDate: '2026-09-10', reference: 'intake-7' };
    const res = await post('/claims', body, 'intake-7:funeral-claim');
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'NOT_INSURED' });
    expect(writes(notInsured[0].idNumber)).toEqual([]);
  });

  it('reads a terminated pension back with the reference of the stop, and a seeded stop without one', async () => {
    const stoppedBefore = residents.find((r) => r.socialInsurance.pension?.status === 'STOPPED')!;
    const [mine, history] = await Promise.all(
      [payingPensioners[0], stoppedBefore].map(async (p) => (await (await fetch(`${si.url}/si/v2/insured-persons/${p.idNumber}`)).json()) as WireInsuredPerson),
    );
    expect(mine.pension).toMatchObject({ payStatus: 'TERMINATED', endReference: 'intake-1' });
    expect(history.pension).toMatchObject({ payStatus: 'TERMINATED', endReason: 'HISTORY', endReference: null });
    const page = (await (await fetch(`${si.url}/si/v2/insured-persons?idNumbers=${payingPensioners[2].idNumber},${payingPensioners[0].idNumber}`)).json()) as WirePage<WireInsuredPerson>;
    expect(page.items.find((i) => i.idNumber === payingPensioners[0].idNumber)!.pension!.endReference).toBe('intake-1');
    expect(page.items.find((i) => i.idNumber === payingPensioners[2].idNumber)!.pension!.endReference).toBeNull();
  });

  it('lists the claims filed for a person, with their reference, in single and page reads', async () => {
    const p = insuredWithoutPension[1];
    const single = (await (await fetch(`${si.url}/si/v2/insured-persons/${p.idNumber}`)).json()) as WireInsuredPerson;
    expect(single.claims).toEqual([expect.objectContaining({ type: 'FUNERAL_GRANT_AND_SURVIVOR_PENSION', reference: 'intake-5', deathDate: '2026-09-10', status: 'RECEIVED' })]);
    const page = (await (await fetch(`${si.url}/si/v2/insured-persons?idNumbers=${p.idNumber},${insuredWithoutPension[2].idNumber}`)).json()) as WirePage<WireInsuredPerson>;
    expect(page.items.find((i) => i.idNumber === p.idNumber)!.claims).toEqual(single.claims);
    expect(page.items.find((i) => i.idNumber === insuredWithoutPension[2].idNumber)!.claims).toEqual([]);
  });

  it('answers a malformed body with its own JSON error, not an HTML page', async () => {
    const res = await fetch(`${si.url}/si/v2/claims`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Serial-No': 'intake-8:x' }, body: '{not json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('counts write requests under their own stats kinds', async () => {
    const stats = await (await fetch(`${si.url}/__admin/stats`)).json();
    expect(stats.byKind['pension-stop']).toBe(6);
    // The malformed body never reached a route: the JSON parser refused it first.
    expect(stats.byKind['claim-file']).toBe(4);
  });
});
