import { population } from '../seed/population';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { socialAssistanceStandIn } from './standIn';

describe('social assistance stand-in protocol', () => {
  let sa: StartedStandIn;
  const residents = population().residents;
  const dibao = residents.filter((r) => r.socialAssistance.subsistenceAllowance?.status === 'ACTIVE');
  const hardship = residents.find((r) => r.socialAssistance.specialHardship)!;
  const nobody = residents.find((r) => !r.socialAssistance.subsistenceAllowance && !r.socialAssistance.specialHardship)!;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(sa.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const terminations = () => (sa.ctx.db.prepare('SELECT COUNT(*) AS n FROM terminations').get() as { n: number }).n;
  const caseOf = async (idNumber: string) => ((await (await fetch(`${sa.url}/api/v1/recipients/${idNumber}`)).json()) as { cases: Array<{ caseNo: string; status: string }> }).cases[0];

  beforeAll(async () => {
    sa = await startStandIn(socialAssistanceStandIn);
  });
  afterAll(async () => {
    await sa.close();
  });

  it('batch lookup returns the seeded cases of the ID numbers it holds and nothing for the others', async () => {
    const res = await post('/api/v1/recipients/batch-lookup', { idNumbers: [dibao[0].idNumber, hardship.idNumber, nobody.idNumber] });
    expect(res.status).toBe(200);
    const { cases } = (await res.json()) as { cases: Array<Record<string, unknown>> };
    const seeded = dibao[0].socialAssistance.subsistenceAllowance!;
    expect(cases).toHaveLength(2);
    expect(cases).toContainEqual({
      caseNo: expect.stringMatching(/^DB\d{6}$/),
      idNumber: dibao[0].idNumber,
      programme: 'SUBSISTENCE_ALLOWANCE',
      status: 'ACTIVE',
      monthlyAmount: seeded.monthlyAmount,
      since: seeded.since,
      stoppedOn: null,
      terminationReference: null,
    });
    expect(cases.find((c) => c.idNumber === hardship.idNumber)).toMatchObject({ programme: 'SPECIAL_HARDSHIP', caseNo: expect.stringMatching(/^TK\d{6}$/) });
  });

  it('accepts exactly 100 ID numbers and refuses 101 with a 400 naming the limit', async () => {
    const ids = residents.slice(0, 101).map((r) => r.idNumber);
    expect((await post('/api/v1/recipients/batch-lookup', { idNumbers: ids.slice(0, 100) })).status).toBe(200);
    const refused = await post('/api/v1/recipients/batch-lookup', { idNumbers: ids });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'batch_too_large', limit: 100, message: expect.stringContaining('at most 100') });
  });

  it('refuses a malformed ID number or malformed JSON with a JSON 400', async () => {
    const bad = await post('/api/v1/recipients/batch-lookup', { idNumbers: ['12345'] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'bad_request', issues: [{ path: 'idNumbers.0' }] });
    const notJson = await fetch(`${sa.url}/api/v1/recipients/batch-lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: 'bad_request' });
  });

  it('single lookup answers 404 for a person without a case', async () => {
    const res = await fetch(`${sa.url}/api/v1/recipients/${nobody.idNumber}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found' });
  });

  it('a termination without an Idempotency-Key is refused and writes nothing', async () => {
    const { caseNo } = await caseOf(dibao[1].idNumber);
    const before = terminations();
    const res = await post(`/api/v1/cases/${caseNo}/termination`, { reason: 'DEATH', effectiveDate: '2026-10-02', reference: 'T-1' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'idempotency_key_required' });
    expect(terminations()).toBe(before);
  });

  it('the same Idempotency-Key with the same body replays the first answer and writes once', async () => {
    const { caseNo } = await caseOf(dibao[2].idNumber);
    const before = terminations();
    sa.ctx.stats.reset();
    const body = { reason: 'DEATH', effectiveDate: '2026-10-02', reference: 'INTAKE-42' };
    const first = await post(`/api/v1/cases/${caseNo}/termination`, body, { 'Idempotency-Key': 'key-replay' });
    // The same body with its keys in another order is the same request.
    const second = await post(`/api/v1/cases/${caseNo}/termination`, { reference: 'INTAKE-42', effectiveDate: '2026-10-02', reason: 'DEATH' }, { 'Idempotency-Key': 'key-replay' });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const firstBody = await first.json();
    expect(await second.json()).toEqual(firstBody);
    expect(firstBody).toMatchObject({ caseNo, status: 'STOPPED', stoppedOn: '2026-10-02', terminationId: expect.any(Number) });
    expect(terminations()).toBe(before + 1);
    expect(sa.ctx.stats.snapshot().byKind).toEqual({ termination: 2 });
  });

  it('a terminated case is read back with the reference its termination was recorded with', async () => {
    const person = dibao[6];
    const { caseNo } = await caseOf(person.idNumber);
    const stopped = await post(`/api/v1/cases/${caseNo}/termination`, { reason: 'DEATH', effectiveDate: '2026-10-02', reference: 'int_ref_1' }, { 'Idempotency-Key': 'key-ref' });
    expect(await stopped.json()).toMatchObject({ caseNo, status: 'STOPPED', terminationReference: 'int_ref_1' });
    expect(await caseOf(person.idNumber)).toMatchObject({ caseNo, status: 'STOPPED', terminationReference: 'int_ref_1' });
    const batch = (await (await post('/api/v1/recipients/batch-lookup', { idNumbers: [person.idNumber] })).json()) as { cases: Array<Record<string, unknown>> };
    expect(batch.cases).toEqual([expect.objectContaining({ caseNo, terminationReference: 'int_ref_1' })]);
  });

  it('the same Idempotency-Key with another body is refused with 422 and writes nothing', async () => {
    const a = await caseOf(dibao[3].idNumber);
    const b = await caseOf(dibao[4].idNumber);
    await post(`/api/v1/cases/${a.caseNo}/termination`, { reason: 'DEATH', effectiveDate: '2026-10-02', reference: 'R-1' }, { 'Idempotency-Key': 'key-conflict' });
    const before = terminations();
    const otherBody = await post(`/api/v1/cases/${a.caseNo}/termination`, { reason: 'MOVED_OUT', effectiveDate: '2026-10-02', reference: 'R-1' }, { 'Idempotency-Key': 'key-conflict' });
    const otherCase = await post(`/api/v1/cases/${b.caseNo}/termination`, { reason: 'DEATH', effectiveDate: '2026-10-02', reference: 'R-1' }, { 'Idempotency-Key': 'key-conflict' });
    expect(otherBody.status).toBe(422);
    expect(otherCase.status).toBe(422);
    expect(await otherBody.json()).toMatchObject({ error: 'idempotency_key_reused' });
    expect(terminations()).toBe(before);
    expect((await caseOf(dibao[4].idNumber)).status).toBe('ACTIVE');
  });

  it('terminating an already stopped case with a new key answers 409 and writes nothing', async () => {
    const { caseNo } = await caseOf(dibao[5].idNumber);
    const body = { reason: 'MOVED_OUT', effectiveDate: '2026-09-30', reference: 'R-2' };
    expect((await post(`/api/v1/cases/${caseNo}/termination`, body, { 'Idempotency-Key': 'key-409-a' })).status).toBe(200);
    const before = terminations();
    const again = await post(`/api/v1/cases/${caseNo}/termination`, body, { 'Idempotency-Key': 'key-409-b' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'already_stopped', case: { caseNo, status: 'STOPPED' } });
    expect(terminations()).toBe(before);
  });

  it('answers an injected error as a JSON 500 {error}', async () => {
    await post('/__admin/faults', { mode: 'error' });
    try {
      const res = await fetch(`${sa.url}/api/v1/recipients/${nobody.idNumber}`);
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ error: 'internal_error' });
    } finally {
      await post('/__admin/faults', { mode: 'none' });
    }
  });
});
