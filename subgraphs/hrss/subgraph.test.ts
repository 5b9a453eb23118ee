import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIntakeStore, type IntakeStore } from '../../platform/intake';
import { withChange } from '../../tests/support/intakeFixtures';
import { consistentResidents, population, type SeedResident } from '../../systems/seed/population';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { socialInsuranceStandInWith } from '../../systems/social-insurance/standIn';
import type { Caller } from '../../platform/auth/caller';
import { fetchAsGateway } from '../../tests/support/asGateway';
import type { RunningServer } from '../../platform/server/listen';
import { departmentConfig, serveDepartment } from '../../platform/department';
import { hrssDepartment } from './subgraph';

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Resident { idNumber insured pension { kind status monthlyAmount since stoppedOn } }
  }
}`;

interface EntitiesReply {
  data: { _entities: Array<{ idNumber: string; insured: boolean | null; pension: Record<string, unknown> | null }> };
  errors?: Array<{ message: string; path: (string | number)[]; extensions: { code: string; system: string } }>;
}

const residents = population().residents;
// A mix: employee and resident pensioners (paying and stopped), insured workers, people unknown to the system.
const sample: SeedResident[] = [
  ...residents.filter((r) => r.socialInsurance.pension?.kind === 'EMPLOYEE_RETIREMENT').slice(0, 30),
  ...residents.filter((r) => r.socialInsurance.pension?.kind === 'URBAN_RURAL_RESIDENT').slice(0, 20),
  ...residents.filter((r) => r.socialInsurance.pension?.status === 'STOPPED').slice(0, 5),
  ...residents.filter((r) => r.socialInsurance.insured && !r.socialInsurance.pension).slice(0, 25),
  ...residents.filter((r) => !r.socialInsurance.insured && !r.socialInsurance.pension).slice(0, 20),
];

async function queryEntities(url: string, people: SeedResident[]): Promise<EntitiesReply> {
  const res = await fetchAsGateway('hrss', `${url}/graphql`, { query: ENTITIES, variables: { representations: people.map((p) => ({ __typename: 'Resident', idNumber: p.idNumber })) } }, { caller: HRSS });
  return (await res.json()) as EntitiesReply;
}

/** Requests come as the gateway sends them (proof included), for an HR & social security caller. */
const HRSS: Caller = { subject: 'test-hrss', role: 'hrss' };

// The subgraph's own intake store in a folder of its own: its delivery worker must never claim another run's deliveries.
const dataDir = mkdtempSync(join(tmpdir(), 'hrss-subgraph-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function startHrss(si: StartedStandIn, systemTimeoutMs: number): Promise<RunningServer> {
  const env = { SOCIAL_INSURANCE_URL: si.url, SYSTEM_TIMEOUT_MS: String(systemTimeoutMs), DATA_DIR: dataDir, DELIVERY_POLL_MS: '50', SYSTEM_CACHE: 'off' };
  return serveDepartment(hrssDepartment, departmentConfig(hrssDepartment, env), { port: 0 });
}

const admin = (si: StartedStandIn, path: string, body?: unknown) =>
  fetch(`${si.url}/__admin/${path}`, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : undefined).then((r) => r.json());

describe('hrss subgraph', () => {
  let si: StartedStandIn;
  let hrss: RunningServer;
  beforeAll(async () => {
    si = await startStandIn(socialInsuranceStandInWith({ ratePerSecond: 20, burst: 20 }));
    hrss = await startHrss(si, 2000);
  });
  afterAll(async () => {
    await hrss.close();
    await si.close();
  });

  it('resolves 100 residents with the seed values in the fewest page calls (no N+1)', async () => {
    expect(sample).toHaveLength(100);
    await admin(si, 'stats/reset', {});
    const reply = await queryEntities(hrss.url, sample);
    expect(reply.errors).toBeUndefined();
    reply.data._entities.forEach((entity, i) => {
      const seed = sample[i].socialInsurance;
      const { kind, status, monthlyAmount, since, stoppedOn } = seed.pension ?? {};
      expect(entity).toEqual({ idNumber: sample[i].idNumber, insured: seed.insured, pension: seed.pension ? { kind, status, monthlyAmount, since, stoppedOn } : null });
    });
    const known = sample.filter((p) => p.socialInsurance.insured || p.socialInsurance.pension).length;
    expect((await admin(si, 'stats')).byKind).toEqual({ 'insured-persons-page': Math.ceil(known / 50) });
  });

  it('serves pension and insured for one resident from a single page call', async () => {
    await admin(si, 'stats/reset', {});
    const reply = await queryEntities(hrss.url, sample.slice(0, 1));
    expect(reply.data._entities[0].insured).toBe(true);
    expect((await admin(si, 'stats')).byKind).toEqual({ 'insured-persons-page': 1 });
  });
});

describe('hrss subgraph delivery worker', () => {
  let si: StartedStandIn;
  let hrss: RunningServer;
  let store: IntakeStore;
  beforeAll(async () => {
    si = await startStandIn(socialInsuranceStandInWith({ ratePerSecond: 0, burst: 1 }));
    hrss = await startHrss(si, 2000);
    store = createIntakeStore({ dataDir });
  });
  afterAll(async () => {
    await hrss.close();
    await store.close();
    await si.close();
  });

  it('writes a reported death through to the social insurance system and stores the forms with the delivery', async () => {
    const person = consistentResidents().find((r) => r.socialInsurance.pension?.kind === 'URBAN_RURAL_RESIDENT' && r.socialInsurance.pension.status === 'ACTIVE')!;
    const created = await store.createIntake(
      'hrss-wiring-1',
      withChange(
        { idempotencyKey: 'hrss-wiring-1', kind: 'DEATH', idNumber: person.idNumber, name: person.name, effectiveDate: '2026-10-03', community: person.community, death: { place: '家中', certificateNumber: null }, move: null },
        ['SOCIAL_INSURANCE'],
      ),
    );
    if (created.outcome !== 'created') throw new Error(`expected a new intake, got ${created.outcome}`);
    let view = await store.getIntake(created.intake.id);
    for (let waited = 0; view?.deliveries[0].status === 'PENDING' && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      view = await store.getIntake(created.intake.id);
    }
    expect(view!.deliveries).toEqual([expect.objectContaining({ system: 'SOCIAL_INSURANCE', status: 'DELIVERED', attempts: 1 })]);
    // The store lists forms of one moment in id order: compare as a set.
    expect(view!.forms.map((f) => f.type).sort()).toEqual(['FUNERAL_GRANT_CLAIM', 'RESIDENT_PENSION_TERMINATION']);
    expect(si.ctx.db.prepare('SELECT kind FROM writes WHERE reference = ? ORDER BY id').all(created.intake.id)).toEqual([{ kind: 'PENSION_STOP' }, { kind: 'CLAIM_FILED' }]);
  });
});

describe('hrss subgraph when the social insurance system fails', () => {
  let si: StartedStandIn;
  let hrss: RunningServer;
  const budgetMs = 400;
  beforeAll(async () => {
    si = await startStandIn(socialInsuranceStandInWith({ ratePerSecond: 0, burst: 1 }));
  });
  // A fresh subgraph per case: each starts with a closed circuit breaker, as after a restart.
  beforeEach(async () => {
    hrss = await startHrss(si, budgetMs);
  });
  afterEach(async () => {
    await hrss.close();
    await admin(si, 'faults', { mode: 'none' });
  });
  afterAll(() => si.close());

  // The slow system answers after 3 s: an answer sooner than that proves the call was given up at
  // the budget (400 ms), not waited out; how much sooner depends on the machine's load, not on us.
  const slowSystemMs = 3000;
  it.each([
    ['slow', { mode: 'slow', latencyMs: slowSystemMs }, 'SYSTEM_TIMEOUT'],
    ['down', { mode: 'down' }, 'SYSTEM_UNAVAILABLE'],
    ['error', { mode: 'error' }, 'SYSTEM_ERROR'],
  ])('answers null fields with %s errors naming the system, within the budget', async (_mode, fault, code) => {
    await admin(si, 'faults', fault);
    const started = Date.now();
    const reply = await queryEntities(hrss.url, sample.slice(0, 3));
    expect(Date.now() - started).toBeLessThan(slowSystemMs);
    expect(reply.data._entities).toEqual(sample.slice(0, 3).map((p) => ({ idNumber: p.idNumber, insured: null, pension: null })));
    expect(reply.errors!.length).toBeGreaterThan(0);
    for (const error of reply.errors!) {
      expect(error.extensions).toMatchObject({ code, system: 'SOCIAL_INSURANCE' });
      expect(error.message).not.toContain(sample[0].idNumber);
    }
  });
});

describe('hrss subgraph when the social insurance system asks to wait longer than the budget', () => {
  let si: StartedStandIn;
  let hrss: RunningServer;
  beforeAll(async () => {
    // One request per 10 s: the second query is told to come back in 10 s, far past a 1 s budget.
    si = await startStandIn(socialInsuranceStandInWith({ ratePerSecond: 0.1, burst: 1 }));
    hrss = await startHrss(si, 1000);
  });
  afterAll(async () => {
    await hrss.close();
    await si.close();
  });

  it('gives up at once with SYSTEM_RATE_LIMITED naming the system instead of waiting', async () => {
    await queryEntities(hrss.url, sample.slice(0, 1));
    const started = Date.now();
    const reply = await queryEntities(hrss.url, sample.slice(1, 2));
    // The next token comes in 10 s (0.1 per second): well before that means it did not wait.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(reply.data._entities[0]).toMatchObject({ insured: null, pension: null });
    expect(reply.errors![0].extensions).toMatchObject({ code: 'SYSTEM_RATE_LIMITED', system: 'SOCIAL_INSURANCE' });
  });
});
