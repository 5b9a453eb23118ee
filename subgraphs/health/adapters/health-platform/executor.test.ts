import { makeIdNumber } from '../../../../domain/idNumber';
import { HttpClient, type Fetch } from '../../../../platform/http/client';
import { population } from '../../../../systems/seed/population';
import { healthPlatformStandIn } from '../../../../systems/health-platform/standIn';
import { startStandIn, type StartedStandIn } from '../../../../tests/support/standIns';
import { HealthPlatformAdapter } from './index';

const residents = population().residents;
const living = residents.filter((r) => !r.health.deceased);
const enrolled = residents.filter((r) => r.health.familyPlanningAssistance);
const activeEnrolled = enrolled.filter((r) => r.health.familyPlanningAssistance!.status === 'ACTIVE');
const notRegistered = makeIdNumber('110101', '19800101', 999);

describe('HealthPlatformAdapter', () => {
  let hp: StartedStandIn;
  let adapter: HealthPlatformAdapter;
  const client = (fetchImpl?: Fetch) => new HttpClient({ system: 'HEALTH_PLATFORM', baseUrl: hp.url, backoffBaseMs: 1 }, fetchImpl);
  const byKind = async () => (await (await fetch(`${hp.url}/__admin/stats`)).json()).byKind as Record<string, number>;
  const writes = () => hp.ctx.db.prepare('SELECT resource_type AS type, resource_id AS id FROM writes ORDER BY id').all() as { type: string; id: string }[];
  beforeAll(async () => {
    hp = await startStandIn(healthPlatformStandIn);
    adapter = new HealthPlatformAdapter(client());
  });
  beforeEach(() => fetch(`${hp.url}/__admin/stats/reset`, { method: 'POST' }));
  afterAll(() => hp.close());

  it('reads the vital status of 100 residents from one Patient search Bundle', async () => {
    const sample = [...residents.filter((r) => r.health.deceased).slice(0, 30), ...living.slice(0, 70)];
    const found = await adapter.vitalStatusMany(sample.map((r) => r.idNumber));
    expect(found.size).toBe(100);
    for (const r of sample) expect(found.get(r.idNumber)).toEqual({ deceased: r.health.deceased, deathDate: r.health.deathDate });
    expect(await byKind()).toEqual({ 'patient-search': 1 });
  });

  it('reads family-planning assistance from one EpisodeOfCare search, absent for people not enrolled', async () => {
    const sample = [...enrolled, ...living.slice(0, 100 - enrolled.length)];
    const found = await adapter.familyPlanningMany(sample.map((r) => r.idNumber));
    expect(found.size).toBe(enrolled.length);
    for (const r of enrolled) {
      const { status, monthlyAmount, since, stoppedOn } = r.health.familyPlanningAssistance!;
      expect(found.get(r.idNumber)).toEqual({ status, monthlyAmount, since, stoppedOn });
    }
    expect(await byKind()).toEqual({ 'episode-search': 1 });
  });

  it('follows Bundle next links when the platform pages', async () => {
    // A platform configured to serve 10 per page whatever is asked.
    const smallPages: Fetch = (input, init) => fetch(String(input).replace(/_count=\d+/, '_count=10'), init);
    const paged = new HealthPlatformAdapter(client(smallPages));
    const sample = living.slice(100, 125);
    const found = await paged.vitalStatusMany(sample.map((r) => r.idNumber));
    expect(found.size).toBe(25);
    expect(await byKind()).toEqual({ 'patient-search': 3 });
  });

  it('lists everyone the platform records as dead', async () => {
    const found = await adapter.deceasedResidents();
    expect([...found.keys()].sort()).toEqual(residents.filter((r) => r.health.deceased).map((r) => r.idNumber).sort());
  });

  it('records a death once; a second report finds it already recorded', async () => {
    const person = living[0].idNumber;
    expect(await adapter.recordDeath(person, '2026-09-18')).toBe('RECORDED');
    expect(await adapter.recordDeath(person, '2026-09-18')).toBe('ALREADY_RECORDED');
    expect(writes().filter((w) => w.type === 'Patient')).toHaveLength(1);
    expect((await adapter.vitalStatusMany([person])).get(person)).toEqual({ deceased: true, deathDate: '2026-09-18' });
    expect(await adapter.recordDeath(notRegistered, '2026-09-18')).toBe('NOT_REGISTERED');
  });

  it('re-reads and re-applies when the Patient changed between read and write (412)', async () => {
    const person = living[1].idNumber;
    let interfered = false;
    // Someone else updates the record just before our PUT arrives.
    const racing: Fetch = async (input, init) => {
      if (init?.method === 'PUT' && !interfered) {
        interfered = true;
        const current = await (await fetch(String(input))).json();
        await fetch(String(input), { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ ...current, gender: 'unknown' }) });
      }
      return fetch(input, init);
    };
    const before = writes().length;
    expect(await new HealthPlatformAdapter(client(racing)).recordDeath(person, '2026-09-19')).toBe('RECORDED');
    expect(writes().length - before).toBe(2);
    expect((await byKind())['patient-update']).toBe(3);
    expect((await adapter.vitalStatusMany([person])).get(person)).toEqual({ deceased: true, deathDate: '2026-09-19' });
  });

  it('ends family-planning assistance once, and tells apart ended and never enrolled', async () => {
    const person = activeEnrolled[0].idNumber;
    expect(await adapter.endFamilyPlanningAssistance(person, '2026-09-30')).toBe('ENDED');
    expect(await adapter.endFamilyPlanningAssistance(person, '2026-09-30')).toBe('ALREADY_ENDED');
    expect(await adapter.endFamilyPlanningAssistance(living.find((r) => !r.health.familyPlanningAssistance)!.idNumber, '2026-09-30')).toBe('NOT_ENROLLED');
    expect(writes().filter((w) => w.type === 'EpisodeOfCare')).toHaveLength(1);
    expect((await adapter.familyPlanningMany([person])).get(person)).toMatchObject({ status: 'STOPPED', stoppedOn: '2026-09-30' });
  });

  it('reads one resident\'s Patient and assistance episode, and null for someone without a Patient', async () => {
    const enrolledPerson = activeEnrolled[1];
    const fpa = enrolledPerson.health.familyPlanningAssistance!;
    const record = await adapter.healthRecord(enrolledPerson.idNumber);
    expect(record).toEqual({
      patientId: expect.stringMatching(/^pat-/),
      vitalStatus: { deceased: false, deathDate: null },
      familyPlanning: { status: 'ACTIVE', monthlyAmount: fpa.monthlyAmount, since: fpa.since, stoppedOn: null, episodeId: expect.stringMatching(/^eoc-/), stopReference: null },
    });
    expect(await byKind()).toEqual({ 'patient-search': 1, 'episode-search': 1 });
    expect(await adapter.healthRecord(living.find((r) => !r.health.familyPlanningAssistance)!.idNumber)).toMatchObject({ familyPlanning: null });
    expect(await adapter.healthRecord(notRegistered)).toBeNull();
  });

  it('ends assistance under a reference that the record then carries; an ending without one carries none', async () => {
    const [mine, other] = [activeEnrolled[2].idNumber, activeEnrolled[3].idNumber];
    expect(await adapter.endFamilyPlanningAssistance(mine, '2026-09-30', 'int_fp_1')).toBe('ENDED');
    expect(await adapter.endFamilyPlanningAssistance(other, '2026-09-30')).toBe('ENDED');
    expect((await adapter.healthRecord(mine))!.familyPlanning).toMatchObject({ status: 'STOPPED', stoppedOn: '2026-09-30', stopReference: 'int_fp_1' });
    expect((await adapter.healthRecord(other))!.familyPlanning).toMatchObject({ status: 'STOPPED', stopReference: null });
    // The reading side is unchanged: the amount extension is still read, the reference is no benefit field.
    expect((await adapter.familyPlanningMany([mine])).get(mine)).toEqual({
      status: 'STOPPED',
      monthlyAmount: activeEnrolled[2].health.familyPlanningAssistance!.monthlyAmount,
      since: activeEnrolled[2].health.familyPlanningAssistance!.since,
      stoppedOn: '2026-09-30',
    });
  });
});
