import { population } from '../seed/population';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { CITIZEN_ID_SYSTEM, type Bundle, type EpisodeOfCare, type Patient } from './fhir';
import { healthPlatformStandIn } from './standIn';

const residents = population().residents;
const token = (id: string) => `${CITIZEN_ID_SYSTEM}|${id}`;
const enrolled = residents.filter((r) => r.health.familyPlanningAssistance);

describe('health platform FHIR search', () => {
  let hp: StartedStandIn;
  beforeAll(async () => {
    hp = await startStandIn(healthPlatformStandIn);
  });
  afterAll(() => hp.close());

  const get = (path: string) => fetch(`${hp.url}/fhir/${path}`);
  const searchPatients = async (ids: string[], extra = '') => {
    const res = await get(`Patient?identifier=${encodeURIComponent(ids.map(token).join(','))}${extra}`);
    return { res, bundle: (await res.json()) as Bundle };
  };

  it('answers an OR search of 100 identifiers with one searchset Bundle of application/fhir+json', async () => {
    const ids = residents.slice(0, 100).map((r) => r.idNumber);
    const { res, bundle } = await searchPatients(ids, '&_count=100');
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 100 });
    expect(bundle.link.map((l) => l.relation)).toEqual(['self']);
    const found = bundle.entry.map((e) => (e.resource as Patient).identifier!.find((i) => i.system === CITIZEN_ID_SYSTEM)!.value).sort();
    expect(found).toEqual([...ids].sort());
    expect(bundle.entry.every((e) => e.search.mode === 'match' && e.fullUrl.endsWith(`/fhir/Patient/${e.resource.id}`))).toBe(true);
  });

  it('renders a Patient with name, gender, birth date, deceased[x] and version meta', async () => {
    const dead = residents.find((r) => r.health.deceased)!;
    const alive = residents.find((r) => !r.health.deceased)!;
    const { bundle } = await searchPatients([dead.idNumber, alive.idNumber]);
    const byId = new Map(bundle.entry.map((e) => [(e.resource as Patient).identifier![0].value, e.resource as Patient]));
    expect(byId.get(dead.idNumber)).toMatchObject({
      resourceType: 'Patient',
      meta: { versionId: '1' },
      name: [{ text: dead.name }],
      gender: dead.sex === 'M' ? 'male' : 'female',
      birthDate: dead.birthDate,
      deceasedDateTime: dead.health.deathDate,
    });
    expect(byId.get(dead.idNumber)!.deceasedBoolean).toBeUndefined();
    expect(byId.get(alive.idNumber)).toMatchObject({ deceasedBoolean: false });
  });

  it('pages with _count and a next link that a client can follow to the end', async () => {
    const ids = residents.slice(0, 25).map((r) => r.idNumber);
    let { bundle } = await searchPatients(ids, '&_count=10');
    const seen: string[] = [];
    let pages = 1;
    for (;;) {
      expect(bundle.total).toBe(25);
      seen.push(...bundle.entry.map((e) => e.resource.id!));
      const next = bundle.link.find((l) => l.relation === 'next');
      if (!next) break;
      bundle = (await (await fetch(next.url)).json()) as Bundle;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(25);
  });

  it('matches nothing for an identifier of another system, and a bare value of any system', async () => {
    const id = residents[0].idNumber;
    const other = await (await get(`Patient?identifier=${encodeURIComponent(`urn:oid:1.2.3|${id}`)}`)).json();
    const bare = await (await get(`Patient?identifier=${id}`)).json();
    expect(other.total).toBe(0);
    expect(bare.total).toBe(1);
  });

  it('finds the deceased with deceased=true', async () => {
    const bundle = (await (await get('Patient?deceased=true&_count=200')).json()) as Bundle;
    expect(bundle.total).toBe(residents.filter((r) => r.health.deceased).length);
  });

  it('finds family-planning assistance as EpisodeOfCare by patient identifier, with the amount extension and the Patient included', async () => {
    const ids = [...enrolled.slice(0, 5), ...residents.slice(0, 5)].map((r) => r.idNumber);
    const q = `patient.identifier=${encodeURIComponent(ids.map(token).join(','))}&type=family-planning-special-assistance&_include=EpisodeOfCare:patient`;
    const bundle = (await (await get(`EpisodeOfCare?${q}`)).json()) as Bundle;
    const matches = bundle.entry.filter((e) => e.search.mode === 'match').map((e) => e.resource as EpisodeOfCare);
    const includes = bundle.entry.filter((e) => e.search.mode === 'include').map((e) => e.resource as Patient);
    expect(bundle.total).toBe(matches.length);
    expect(matches.length).toBe(ids.filter((id) => enrolled.some((r) => r.idNumber === id)).length);
    for (const m of matches) {
      const patient = includes.find((p) => `Patient/${p.id}` === m.patient.reference)!;
      const seed = enrolled.find((r) => r.idNumber === patient.identifier![0].value)!.health.familyPlanningAssistance!;
      expect(m.extension![0].valueMoney).toEqual({ value: seed.monthlyAmount, currency: 'CNY' });
      expect(m.period!.start).toBe(seed.since);
      expect(m.status).toBe(seed.status === 'ACTIVE' ? 'active' : 'finished');
    }
  });

  it.each([
    ['more than 100 identifiers', () => `Patient?identifier=${residents.slice(0, 101).map((r) => r.idNumber).join(',')}`, 400, 'too-costly'],
    ['an unsupported search parameter', () => 'Patient?name=x', 400, 'not-supported'],
    ['a bad _count', () => 'Patient?_count=many', 400, 'invalid'],
    ['an unsupported _include', () => 'EpisodeOfCare?_include=EpisodeOfCare:careManager', 400, 'not-supported'],
    ['an unknown Patient id', () => 'Patient/pat-999999', 404, 'not-found'],
    ['an unknown resource type', () => 'Observation', 404, 'not-supported'],
  ])('answers %s with an OperationOutcome', async (_what, path, status, code) => {
    const res = await get(path());
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(await res.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code }] });
  });

  it('counts searches per resource type', async () => {
    await fetch(`${hp.url}/__admin/stats/reset`, { method: 'POST' });
    await get(`Patient?identifier=${residents[0].idNumber}`);
    await get(`EpisodeOfCare?patient.identifier=${residents[0].idNumber}`);
    const stats = await (await fetch(`${hp.url}/__admin/stats`)).json();
    expect(stats.byKind).toEqual({ 'patient-search': 1, 'episode-search': 1 });
  });
});
