import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIntakeStore, type IntakeStore } from '../../platform/intake';
import { withChange } from '../../tests/support/intakeFixtures';
import { healthPlatformStandIn } from '../../systems/health-platform/standIn';
import { consistentResidents, population, type SeedResident } from '../../systems/seed/population';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import type { Caller } from '../../platform/auth/caller';
import { fetchAsGateway } from '../../tests/support/asGateway';
import type { RunningServer } from '../../platform/server/listen';
import { departmentConfig, serveDepartment } from '../../platform/department';
import { healthDepartment } from './subgraph';

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Resident {
      idNumber
      vitalStatus { deceased deathDate }
      familyPlanningAssistance { status monthlyAmount since stoppedOn }
    }
  }
}`;

interface EntitiesReply {
  data: { _entities: Array<{ idNumber: string; vitalStatus: unknown; familyPlanningAssistance: unknown }> };
  errors?: Array<{ message: string; path?: (string | number)[]; extensions: { code: string; system: string } }>;
}

const residents = population().residents;
const sample: SeedResident[] = [
  ...residents.filter((r) => r.health.familyPlanningAssistance),
  ...residents.filter((r) => r.health.deceased && !r.health.familyPlanningAssistance).slice(0, 25),
];
sample.push(...residents.filter((r) => !r.health.deceased && !r.health.familyPlanningAssistance).slice(0, 100 - sample.length));

async function queryEntities(url: string, people: SeedResident[]): Promise<EntitiesReply> {
  const res = await fetchAsGateway('health', `${url}/graphql`, { query: ENTITIES, variables: { representations: people.map((p) => ({ __typename: 'Resident', idNumber: p.idNumber })) } }, { caller: HEALTH });
  return (await res.json()) as EntitiesReply;
}

/** Requests come as the gateway sends them (proof included), for a health caller. */
const HEALTH: Caller = { subject: 'test-health', role: 'health' };

// The subgraph's own intake store in a folder of its own: its delivery worker must never claim another run's deliveries.
const dataDir = mkdtempSync(join(tmpdir(), 'health-subgraph-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function startHealth(hp: StartedStandIn, systemTimeoutMs: number): Promise<RunningServer> {
  const env = { HEALTH_PLATFORM_URL: hp.url, SYSTEM_TIMEOUT_MS: String(systemTimeoutMs), DATA_DIR: dataDir, DELIVERY_POLL_MS: '50' };
  return serveDepartment(healthDepartment, departmentConfig(healthDepartment, env), { port: 0 });
}

async function query<T>(url: string, text: string): Promise<{ data: T | null; errors?: EntitiesReply['errors'] }> {
  const res = await fetchAsGateway('health', `${url}/graphql`, { query: text }, { caller: HEALTH });
  return res.json() as Promise<{ data: T | null; errors?: EntitiesReply['errors'] }>;
}

const RECORDED_DEATHS = '{ recordedDeaths { idNumber vitalStatus { deceased deathDate } familyPlanningAssistance { status } } }';
type DeathsReply = { recordedDeaths: Array<{ idNumber: string; vitalStatus: { deceased: boolean; deathDate: string | null }; familyPlanningAssistance: { status: string } | null }> };

const admin = (hp: StartedStandIn, path: string, body?: unknown) =>
  fetch(`${hp.url}/__admin/${path}`, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : undefined).then((r) => r.json());

describe('health subgraph', () => {
  let hp: StartedStandIn;
  let health: RunningServer;
  beforeAll(async () => {
    hp = await startStandIn(healthPlatformStandIn);
    health = await startHealth(hp, 2000);
  });
  afterAll(async () => {
    await health.close();
    await hp.close();
  });

  it('resolves 100 residents with the seed values from one search per FHIR resource type', async () => {
    expect(sample).toHaveLength(100);
    await admin(hp, 'stats/reset', {});
    const reply = await queryEntities(health.url, sample);
    expect(reply.errors).toBeUndefined();
    reply.data._entities.forEach((entity, i) => {
      const { deceased, deathDate, familyPlanningAssistance: fpa } = sample[i].health;
      expect(entity).toEqual({
        idNumber: sample[i].idNumber,
        vitalStatus: { deceased, deathDate },
        familyPlanningAssistance: fpa ? { status: fpa.status, monthlyAmount: fpa.monthlyAmount, since: fpa.since, stoppedOn: fpa.stoppedOn } : null,
      });
    });
    expect((await admin(hp, 'stats')).byKind).toEqual({ 'patient-search': 1, 'episode-search': 1 });
  });

  it('lists the residents the platform records as dead from one Patient search, their vital status from the same answer', async () => {
    await admin(hp, 'stats/reset', {});
    const reply = await query<DeathsReply>(health.url, RECORDED_DEATHS);
    expect(reply.errors).toBeUndefined();
    const dead = residents.filter((r) => r.health.deceased);
    expect(reply.data!.recordedDeaths.map((r) => r.idNumber).sort()).toEqual(dead.map((r) => r.idNumber).sort());
    const byId = new Map(reply.data!.recordedDeaths.map((r) => [r.idNumber, r]));
    for (const r of dead) {
      expect(byId.get(r.idNumber)).toEqual({
        idNumber: r.idNumber,
        vitalStatus: { deceased: true, deathDate: r.health.deathDate },
        familyPlanningAssistance: r.health.familyPlanningAssistance ? { status: r.health.familyPlanningAssistance.status } : null,
      });
    }
    // vitalStatus costs no second Patient search; the assistance of all of them is one batched episode search.
    expect((await admin(hp, 'stats')).byKind).toEqual({ 'patient-search': 1, 'episode-search': Math.ceil(dead.length / 100) });
  });

  it('answers null, without an error, for a resident the platform does not know', async () => {
    const stranger = { ...sample[0], idNumber: '11010119800101999X' };
    const reply = await queryEntities(health.url, [stranger]);
    expect(reply.errors).toBeUndefined();
    expect(reply.data._entities[0]).toEqual({ idNumber: stranger.idNumber, vitalStatus: null, familyPlanningAssistance: null });
  });
});

describe('health subgraph delivery worker', () => {
  let hp: StartedStandIn;
  let health: RunningServer;
  let store: IntakeStore;
  beforeAll(async () => {
    hp = await startStandIn(healthPlatformStandIn);
    health = await startHealth(hp, 2000);
    store = createIntakeStore({ dataDir });
  });
  afterAll(async () => {
    await health.close();
    await store.close();
    await hp.close();
  });

  it('writes a reported death through to the health platform and stores the forms with the delivery', async () => {
    const person = consistentResidents().find((r) => r.health.familyPlanningAssistance?.status === 'ACTIVE')!;
    const created = await store.createIntake(
      'health-wiring-1',
      withChange(
        { idempotencyKey: 'health-wiring-1', kind: 'DEATH', idNumber: person.idNumber, name: person.name, effectiveDate: '2026-10-03', community: person.community, death: { place: '家中', certificateNumber: null }, move: null },
        ['HEALTH_PLATFORM'],
      ),
    );
    if (created.outcome !== 'created') throw new Error(`expected a new intake, got ${created.outcome}`);
    let view = await store.getIntake(created.intake.id);
    for (let waited = 0; view?.deliveries[0].status === 'PENDING' && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      view = await store.getIntake(created.intake.id);
    }
    expect(view!.deliveries).toEqual([expect.objectContaining({ system: 'HEALTH_PLATFORM', status: 'DELIVERED', attempts: 1 })]);
    // The store lists forms of one moment in id order: compare as a set.
    expect(view!.forms.map((f) => f.type).sort()).toEqual(['DEATH_REGISTRATION_REPORT', 'FAMILY_PLANNING_ASSISTANCE_TERMINATION']);
    const reply = await query<DeathsReply>(health.url, RECORDED_DEATHS);
    expect(reply.data!.recordedDeaths.find((r) => r.idNumber === person.idNumber)).toEqual({
      idNumber: person.idNumber,
      vitalStatus: { deceased: true, deathDate: '2026-10-03' },
      familyPlanningAssistance: { status: 'STOPPED' },
    });
  });
});

describe('health subgraph when the health platform fails', () => {
  let hp: StartedStandIn;
  let health: RunningServer;
  const budgetMs = 400;
  beforeAll(async () => {
    hp = await startStandIn(healthPlatformStandIn);
  });
  // A fresh subgraph per case: each starts with a closed circuit breaker, as after a restart.
  beforeEach(async () => {
    health = await startHealth(hp, budgetMs);
  });
  afterEach(async () => {
    await health.close();
    await admin(hp, 'faults', { mode: 'none' });
  });
  afterAll(() => hp.close());

  // The slow system answers after 3 s: an answer sooner than that proves the call was given up at
  // the budget, not waited out; how much sooner depends on the machine's load, not on us.
  const slowSystemMs = 3000;
  it.each([
    ['slow', { mode: 'slow', latencyMs: slowSystemMs }, 'SYSTEM_TIMEOUT'],
    ['down', { mode: 'down' }, 'SYSTEM_UNAVAILABLE'],
    ['error', { mode: 'error' }, 'SYSTEM_ERROR'],
  ])('answers null fields with %s errors naming the system, within the budget', async (_mode, fault, code) => {
    await admin(hp, 'faults', fault);
    const started = Date.now();
    const reply = await queryEntities(health.url, sample.slice(0, 3));
    expect(Date.now() - started).toBeLessThan(slowSystemMs);
    expect(reply.data._entities).toEqual(sample.slice(0, 3).map((p) => ({ idNumber: p.idNumber, vitalStatus: null, familyPlanningAssistance: null })));
    expect(reply.errors!.length).toBeGreaterThan(0);
    for (const error of reply.errors!) {
      expect(error.extensions).toMatchObject({ code, system: 'HEALTH_PLATFORM' });
      expect(error.message).not.toContain(sample[0].idNumber);
    }
  });

  it('answers recordedDeaths with an error naming the system when the platform is down', async () => {
    await admin(hp, 'faults', { mode: 'down' });
    const reply = await query<DeathsReply>(health.url, RECORDED_DEATHS);
    // recordedDeaths is nullable (a caller may be refused it alone): the field is null, not the whole answer.
    expect(reply.data?.recordedDeaths ?? null).toBeNull();
    expect(reply.errors![0]).toMatchObject({ path: ['recordedDeaths'], extensions: { code: 'SYSTEM_UNAVAILABLE', system: 'HEALTH_PLATFORM' } });
  });
});
