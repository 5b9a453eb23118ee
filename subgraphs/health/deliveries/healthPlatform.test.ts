import { makeIdNumber } from '../../../domain/idNumber';
import { UpstreamError } from '../../../platform/errors';
import { HttpClient, type Fetch } from '../../../platform/http/client';
import { healthPlatformStandIn } from '../../../systems/health-platform/standIn';
import { startStandIn, type StartedStandIn } from '../../../tests/support/standIns';
import { HealthPlatformAdapter } from '../adapters/health-platform';
import { healthPlatformDelivery } from './healthPlatform';
import { declaredFields, EFFECTIVE_DATE, intakeOf, residentsWhere, producedFields } from '../../../tests/support/deliveryIntakes';

const enrolled = residentsWhere((r) => r.health.familyPlanningAssistance?.status === 'ACTIVE');
const notEnrolled = residentsWhere((r) => !r.health.familyPlanningAssistance);

describe('health delivery to the health information platform', () => {
  let hp: StartedStandIn;
  const adapter = (fetchImpl?: Fetch, timeoutMs?: number) =>
    new HealthPlatformAdapter(new HttpClient({ system: 'HEALTH_PLATFORM', baseUrl: hp.url, backoffBaseMs: 1, ...(timeoutMs ? { timeoutMs } : {}) }, fetchImpl));
  const handler = (fetchImpl?: Fetch) => healthPlatformDelivery(adapter(fetchImpl));
  const patientIdOf = (idNumber: string) => (hp.ctx.db.prepare('SELECT id FROM patients WHERE id_number = ?').get(idNumber) as { id: string }).id;
  const episodeIdOf = (idNumber: string) => (hp.ctx.db.prepare('SELECT e.id FROM episodes e JOIN patients p ON p.id = e.patient_id WHERE p.id_number = ?').get(idNumber) as { id: string }).id;
  /** The versions the platform wrote for the person's Patient and episodes, by resource type. */
  const writesOf = (idNumber: string) =>
    hp.ctx.db
      .prepare(
        `SELECT w.resource_type AS type, w.json FROM writes w
         WHERE w.resource_id IN (SELECT id FROM patients WHERE id_number = ?) OR w.resource_id IN (SELECT e.id FROM episodes e JOIN patients p ON p.id = e.patient_id WHERE p.id_number = ?)
         ORDER BY w.id`,
      )
      .all(idNumber, idNumber) as { type: string; json: string }[];
  const requests = () => hp.ctx.stats.snapshot().byKind;
  const writeRequests = () => (requests()['patient-update'] ?? 0) + (requests()['episode-update'] ?? 0);

  beforeAll(async () => {
    hp = await startStandIn(healthPlatformStandIn);
  });
  afterAll(() => hp.close());
  beforeEach(() => hp.ctx.stats.reset());

  it('a death of an assistance recipient registers the death and ends the assistance once each, with forms 8 and 9', async () => {
    const person = enrolled[0];
    const fpa = person.health.familyPlanningAssistance!;
    const outcome = await handler().deliver(intakeOf(person, 'DEATH', 'int_hp_death'));

    expect(outcome.status).toBe('DELIVERED');
    expect(producedFields(outcome.forms)).toEqual(declaredFields(outcome.forms));
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
      reportedBy: 'community-worker-7',
      reportedAt: '2026-10-05T02:00:00.000Z',
    };
    expect(outcome.forms).toEqual([
      {
        type: 'DEATH_REGISTRATION_REPORT',
        department: 'health',
        payload: { ...common, patientId: patientIdOf(person.idNumber), deathDate: EFFECTIVE_DATE, registeredDeathDate: EFFECTIVE_DATE },
      },
      {
        type: 'FAMILY_PLANNING_ASSISTANCE_TERMINATION',
        department: 'health',
        payload: { ...common, episodeId: episodeIdOf(person.idNumber), monthlyAmount: fpa.monthlyAmount, since: fpa.since, stoppedOn: EFFECTIVE_DATE },
      },
    ]);
    const written = writesOf(person.idNumber);
    expect(written.map((w) => w.type)).toEqual(['Patient', 'EpisodeOfCare']);
    expect(JSON.parse(written[0].json)).toMatchObject({ deceasedDateTime: EFFECTIVE_DATE });
    expect(JSON.parse(written[1].json)).toMatchObject({
      status: 'finished',
      period: { end: EFFECTIVE_DATE },
      extension: expect.arrayContaining([{ url: 'http://health.xindu.example/fhir/StructureDefinition/assistance-termination-reference', valueString: 'int_hp_death' }]),
    });
    expect(requests()).toMatchObject({ 'patient-update': 1, 'episode-update': 1 });
  });

  it('a death of a resident not enrolled in assistance registers the death only (form 8)', async () => {
    const person = notEnrolled[0];
    const outcome = await handler().deliver(intakeOf(person, 'DEATH', 'int_hp_plain'));
    expect(outcome).toMatchObject({ status: 'DELIVERED', forms: [{ type: 'DEATH_REGISTRATION_REPORT', payload: { registeredDeathDate: EFFECTIVE_DATE } }] });
    expect(outcome.forms).toHaveLength(1);
    expect(writesOf(person.idNumber).map((w) => w.type)).toEqual(['Patient']);
  });

  it('run again for the same intake after a crash, it sends no write and answers DELIVERED with the same forms', async () => {
    const intake = intakeOf(enrolled[1], 'DEATH', 'int_hp_crash');
    const first = await handler().deliver(intake);
    hp.ctx.stats.reset();
    const again = await handler().deliver(intake);
    expect(again.status).toBe('DELIVERED');
    expect(again).toEqual(first);
    expect(again.forms.map((f) => f.type)).toEqual(['DEATH_REGISTRATION_REPORT', 'FAMILY_PLANNING_ASSISTANCE_TERMINATION']);
    expect(writeRequests()).toBe(0);
    expect(writesOf(enrolled[1].idNumber)).toHaveLength(2);
  });

  it('after a crash between the two writes, the run again ends only the assistance and answers both forms', async () => {
    const person = enrolled[2];
    await adapter().recordDeath(person.idNumber, EFFECTIVE_DATE);
    hp.ctx.stats.reset();
    const outcome = await handler().deliver(intakeOf(person, 'DEATH', 'int_hp_half'));
    expect(outcome.forms.map((f) => f.type)).toEqual(['DEATH_REGISTRATION_REPORT', 'FAMILY_PLANNING_ASSISTANCE_TERMINATION']);
    expect(requests()).toMatchObject({ 'episode-update': 1 });
    expect(requests()['patient-update']).toBeUndefined();
  });

  it('a death a hospital registered first still gets its report, with the date the platform holds, and no write', async () => {
    const person = notEnrolled[1];
    await adapter().recordDeath(person.idNumber, '2026-10-01');
    hp.ctx.stats.reset();
    const outcome = await handler().deliver(intakeOf(person, 'DEATH', 'int_hp_hospital'));
    expect(outcome).toMatchObject({ status: 'DELIVERED', forms: [{ type: 'DEATH_REGISTRATION_REPORT', payload: { deathDate: EFFECTIVE_DATE, registeredDeathDate: '2026-10-01' } }] });
    expect(writeRequests()).toBe(0);
  });

  it('assistance ended for another reason is not this intake\'s: only the death report, no episode write', async () => {
    const person = enrolled[3];
    await adapter().endFamilyPlanningAssistance(person.idNumber, '2026-09-01');
    hp.ctx.stats.reset();
    const outcome = await handler().deliver(intakeOf(person, 'DEATH', 'int_hp_other'));
    expect(outcome.forms.map((f) => f.type)).toEqual(['DEATH_REGISTRATION_REPORT']);
    expect(requests()['episode-update']).toBeUndefined();
  });

  it('assistance ended by someone else between the read and the write produces no form for it', async () => {
    const person = enrolled[4];
    let episodeSearches = 0;
    // The adapter's own read before its PUT is the second episode search: end the episode just before it.
    const clerkEndsFirst: Fetch = async (input, init) => {
      if (String(input).includes('/fhir/EpisodeOfCare?') && ++episodeSearches === 2) await adapter().endFamilyPlanningAssistance(person.idNumber, '2026-10-01');
      return fetch(input, init);
    };
    const outcome = await handler(clerkEndsFirst).deliver(intakeOf(person, 'DEATH', 'int_hp_race'));
    expect(outcome.forms.map((f) => f.type)).toEqual(['DEATH_REGISTRATION_REPORT']);
    expect(writesOf(person.idNumber).map((w) => w.type)).toEqual(['Patient', 'EpisodeOfCare']);
  });

  it('a move gets NOT_APPLICABLE without a single request to the platform, even for an assistance recipient', async () => {
    await expect(handler().deliver(intakeOf(enrolled[5], 'MOVED_OUT', 'int_hp_move'))).resolves.toEqual({ status: 'NOT_APPLICABLE', forms: [] });
    expect(requests()).toEqual({});
    expect(writesOf(enrolled[5].idNumber)).toEqual([]);
  });

  it('a death of someone the platform has no Patient for gets NOT_APPLICABLE, no forms and no write request', async () => {
    const stranger = { ...notEnrolled[2], idNumber: makeIdNumber('110101', '19800101', 999) };
    await expect(handler().deliver(intakeOf(stranger, 'DEATH', 'int_hp_none'))).resolves.toEqual({ status: 'NOT_APPLICABLE', forms: [] });
    expect(writeRequests()).toBe(0);
    expect(requests()).toEqual({ 'patient-search': 1, 'episode-search': 1 });
  });

  it('rejects with an UpstreamError naming the system when the platform is down, having written nothing', async () => {
    const person = notEnrolled[3];
    await fetch(`${hp.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'down' }) });
    try {
      const err = await healthPlatformDelivery(adapter(undefined, 300))
        .deliver(intakeOf(person, 'DEATH', 'int_hp_down'))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UpstreamError);
      expect(err).toMatchObject({ code: 'SYSTEM_UNAVAILABLE', system: 'HEALTH_PLATFORM' });
      expect((err as Error).message).not.toContain(person.idNumber);
    } finally {
      await fetch(`${hp.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'none' }) });
    }
    expect(writesOf(person.idNumber)).toEqual([]);
  });

});
