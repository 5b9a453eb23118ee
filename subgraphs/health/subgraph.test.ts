import { healthPlatformStandIn } from '../../systems/health-platform/standIn';
import { population, type SeedResident } from '../../systems/seed/population';
import { startStandIn, type StartedStandIn } from '../../systems/shared/testing';
import type { RunningServer } from '../../platform/server/listen';
import { serveSubgraph, subgraphConfig } from '../../platform/server/runSubgraph';
import { buildHealthSubgraph } from './subgraph';

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
  errors?: Array<{ message: string; extensions: { code: string; system: string } }>;
}

const residents = population().residents;
const sample: SeedResident[] = [
  ...residents.filter((r) => r.health.familyPlanningAssistance),
  ...residents.filter((r) => r.health.deceased && !r.health.familyPlanningAssistance).slice(0, 25),
];
sample.push(...residents.filter((r) => !r.health.deceased && !r.health.familyPlanningAssistance).slice(0, 100 - sample.length));

async function queryEntities(url: string, people: SeedResident[]): Promise<EntitiesReply> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: ENTITIES, variables: { representations: people.map((p) => ({ __typename: 'Resident', idNumber: p.idNumber })) } }),
  });
  return (await res.json()) as EntitiesReply;
}

async function startHealth(hp: StartedStandIn, systemTimeoutMs: number): Promise<RunningServer> {
  const env = { HEALTH_PLATFORM_URL: hp.url, SYSTEM_TIMEOUT_MS: String(systemTimeoutMs) };
  return serveSubgraph(buildHealthSubgraph(subgraphConfig('health', ['HEALTH_PLATFORM'], env)), 0);
}

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

  it('answers null, without an error, for a resident the platform does not know', async () => {
    const stranger = { ...sample[0], idNumber: '11010119800101999X' };
    const reply = await queryEntities(health.url, [stranger]);
    expect(reply.errors).toBeUndefined();
    expect(reply.data._entities[0]).toEqual({ idNumber: stranger.idNumber, vitalStatus: null, familyPlanningAssistance: null });
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

  it.each([
    ['slow', { mode: 'slow', latencyMs: 3000 }, 'SYSTEM_TIMEOUT'],
    ['down', { mode: 'down' }, 'SYSTEM_UNAVAILABLE'],
    ['error', { mode: 'error' }, 'SYSTEM_ERROR'],
  ])('answers null fields with %s errors naming the system, within the budget', async (_mode, fault, code) => {
    await admin(hp, 'faults', fault);
    const started = Date.now();
    const reply = await queryEntities(health.url, sample.slice(0, 3));
    expect(Date.now() - started).toBeLessThan(budgetMs + 600);
    expect(reply.data._entities).toEqual(sample.slice(0, 3).map((p) => ({ idNumber: p.idNumber, vitalStatus: null, familyPlanningAssistance: null })));
    expect(reply.errors!.length).toBeGreaterThan(0);
    for (const error of reply.errors!) {
      expect(error.extensions).toMatchObject({ code, system: 'HEALTH_PLATFORM' });
      expect(error.message).not.toContain(sample[0].idNumber);
    }
  });
});
