import { population } from '../seed/population';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { CITIZEN_ID_SYSTEM, type Bundle, type EpisodeOfCare, type FhirResource, type Patient } from './fhir';
import { healthPlatformStandIn } from './standIn';

const residents = population().residents;
const living = residents.filter((r) => !r.health.deceased);
const activeEnrolled = residents.filter((r) => r.health.familyPlanningAssistance?.status === 'ACTIVE');

describe('health platform FHIR update', () => {
  let hp: StartedStandIn;
  beforeAll(async () => {
    hp = await startStandIn(healthPlatformStandIn);
  });
  afterAll(() => hp.close());

  const patientOf = async (idNumber: string) => {
    const bundle = (await (await fetch(`${hp.url}/fhir/Patient?identifier=${CITIZEN_ID_SYSTEM}|${idNumber}`)).json()) as Bundle;
    return bundle.entry[0].resource as Patient;
  };
  const put = (resource: FhirResource, ifMatch?: string) =>
    fetch(`${hp.url}/fhir/${resource.resourceType}/${resource.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/fhir+json', ...(ifMatch ? { 'If-Match': ifMatch } : {}) },
      body: JSON.stringify(resource),
    });
  const writes = (id: string) => (hp.ctx.db.prepare('SELECT version_id FROM writes WHERE resource_id = ?').all(id) as { version_id: number }[]).map((w) => w.version_id);
  const deceasedVersion = (p: Patient, date: string): Patient => {
    const dead: Patient = { ...p, deceasedDateTime: date };
    delete dead.deceasedBoolean;
    return dead;
  };

  it('records a death as a new version, and a repeat of the same PUT is a no-op', async () => {
    const p = await patientOf(living[0].idNumber);
    const dead = deceasedVersion(p, '2026-09-20');
    const first = await put(dead, 'W/"1"');
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('W/"2"');
    expect(await first.json()).toMatchObject({ meta: { versionId: '2' }, deceasedDateTime: '2026-09-20' });
    const repeat = await put(dead);
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('etag')).toBe('W/"2"');
    expect(writes(p.id!)).toEqual([2]);
    expect((await patientOf(living[0].idNumber)).deceasedDateTime).toBe('2026-09-20');
    const search = (await (await fetch(`${hp.url}/fhir/Patient?deceased=true&identifier=${living[0].idNumber}`)).json()) as Bundle;
    expect(search.total).toBe(1);
  });

  it('refuses a stale If-Match with 412 and an OperationOutcome', async () => {
    const p = await patientOf(living[1].idNumber);
    await put(deceasedVersion(p, '2026-09-21'), 'W/"1"');
    const stale = await put(deceasedVersion(p, '2026-09-22'), 'W/"1"');
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'conflict' }] });
    expect(writes(p.id!)).toEqual([2]);
  });

  it.each([
    ['deceasedBoolean and deceasedDateTime together', (p: Patient) => ({ ...p, deceasedBoolean: true, deceasedDateTime: '2026-09-01' })],
    ['a changed citizen ID number', (p: Patient) => ({ ...p, identifier: [{ system: CITIZEN_ID_SYSTEM, value: living[3].idNumber }] })],
    ['a malformed date', (p: Patient) => ({ ...p, deceasedBoolean: undefined, deceasedDateTime: '20/09/2026' })],
    ['an id that differs from the URL', (p: Patient) => ({ ...p, id: 'pat-000001', resourceType: 'Patient' })],
  ])('refuses %s with 400 OperationOutcome and writes nothing', async (_what, change) => {
    const p = await patientOf(living[2].idNumber);
    const res = await fetch(`${hp.url}/fhir/Patient/${p.id}`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(change(p)) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid' }] });
    expect(writes(p.id!)).toEqual([]);
  });

  it('does not create by update (405)', async () => {
    const res = await put({ resourceType: 'Patient', id: 'pat-999999', identifier: [{ system: CITIZEN_ID_SYSTEM, value: living[0].idNumber }] });
    expect(res.status).toBe(405);
    expect(await res.json()).toMatchObject({ resourceType: 'OperationOutcome' });
  });

  it('ends family-planning assistance with status finished and period.end, once', async () => {
    const idNumber = activeEnrolled[0].idNumber;
    const bundle = (await (await fetch(`${hp.url}/fhir/EpisodeOfCare?patient.identifier=${idNumber}`)).json()) as Bundle;
    const episode = bundle.entry[0].resource as EpisodeOfCare;
    const ended = { ...episode, status: 'finished' as const, period: { ...episode.period, end: '2026-09-30' } };
    const first = await put(ended, `W/"${episode.meta!.versionId}"`);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: 'finished', period: { end: '2026-09-30' }, meta: { versionId: '2' } });
    expect((await put(ended)).status).toBe(200);
    expect(writes(episode.id!)).toEqual([2]);
    const active = (await (await fetch(`${hp.url}/fhir/EpisodeOfCare?patient.identifier=${idNumber}&status=active`)).json()) as Bundle;
    expect(active.total).toBe(0);
  });

  it('refuses an EpisodeOfCare that ends before it starts (per-1)', async () => {
    const bundle = (await (await fetch(`${hp.url}/fhir/EpisodeOfCare?patient.identifier=${activeEnrolled[1].idNumber}`)).json()) as Bundle;
    const episode = bundle.entry[0].resource as EpisodeOfCare;
    const res = await put({ ...episode, status: 'finished', period: { start: episode.period!.start, end: '1999-01-01' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ issue: [{ diagnostics: expect.stringContaining('per-1') }] });
  });

  it('answers a body that is not JSON with an OperationOutcome', async () => {
    const res = await fetch(`${hp.url}/fhir/Patient/pat-000001`, { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: '{oops' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'invalid' }] });
  });

  it('counts updates under their own stats kinds', async () => {
    const stats = await (await fetch(`${hp.url}/__admin/stats`)).json();
    expect(stats.byKind['patient-update']).toBe(9);
    expect(stats.byKind['episode-update']).toBe(3);
  });
});
