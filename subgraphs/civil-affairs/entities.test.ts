import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchAsGateway } from '../../tests/support/asGateway';
import type { RunningServer } from '../../platform/server/listen';
import { departmentConfig, serveDepartment } from '../../platform/department';
import { elderlyDisabilitySubsidyStandIn } from '../../systems/elderly-disability-subsidy/standIn';
import { population, type SeedBenefit, type SeedResident } from '../../systems/seed/population';
import { socialAssistanceStandIn } from '../../systems/social-assistance/standIn';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';
import { civilAffairsDepartment } from './subgraph';

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Resident {
      idNumber
      subsistenceAllowance { status monthlyAmount since stoppedOn }
      specialHardship { status monthlyAmount since stoppedOn }
      elderlySubsidy { status monthlyAmount since stoppedOn }
      disabilitySubsidy { category status monthlyAmount since stoppedOn }
    }
  }
}`;

interface GraphQLReply {
  data?: { _entities: Array<Record<string, unknown>> } | null;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>;
}

const benefit = (b: SeedBenefit | undefined) => (b ? { status: b.status, monthlyAmount: b.monthlyAmount, since: b.since, stoppedOn: b.stoppedOn } : null);
function expected(r: SeedResident) {
  const d = r.elderlyDisability.disabilitySubsidy;
  return {
    idNumber: r.idNumber,
    subsistenceAllowance: benefit(r.socialAssistance.subsistenceAllowance),
    specialHardship: benefit(r.socialAssistance.specialHardship),
    elderlySubsidy: benefit(r.elderlyDisability.elderlySubsidy),
    disabilitySubsidy: d ? { category: d.category, ...benefit(d) } : null,
  };
}

/** 100 distinct residents: some of every enrolment (running and stopped), the rest mostly enrolled in nothing. */
function hundredResidents(): SeedResident[] {
  const all = population().residents;
  const pick = new Map<string, SeedResident>();
  const some = (f: (r: SeedResident) => unknown, n: number) => all.filter(f).slice(0, n).forEach((r) => pick.set(r.idNumber, r));
  some((r) => r.socialAssistance.subsistenceAllowance, 10);
  some((r) => r.socialAssistance.specialHardship, 8);
  some((r) => r.elderlyDisability.elderlySubsidy, 10);
  some((r) => r.elderlyDisability.disabilitySubsidy, 8);
  some((r) => r.elderlyDisability.elderlySubsidy?.status === 'STOPPED', 2);
  for (const r of all) {
    if (pick.size === 100) break;
    pick.set(r.idNumber, r);
  }
  return [...pick.values()];
}

describe('civil-affairs subgraph: Resident entities from both systems', () => {
  let sa: StartedStandIn;
  let soap: StartedStandIn;
  // The subgraph runs a delivery worker: its own intake store keeps it away from ./data.
  let dataDir: string;
  const residents = hundredResidents();

  const serve = () =>
    serveDepartment(civilAffairsDepartment, departmentConfig(civilAffairsDepartment, { SOCIAL_ASSISTANCE_URL: sa.url, ELDERLY_DISABILITY_SUBSIDY_URL: soap.url, DATA_DIR: dataDir }), { port: 0 });
  async function entities(subgraph: RunningServer, people: SeedResident[], query = ENTITIES): Promise<GraphQLReply> {
    // As the gateway sends it (proof included), for a civil-affairs caller.
    const res = await fetchAsGateway('civil-affairs', `${subgraph.url}/graphql`, { query, variables: { representations: people.map((r) => ({ __typename: 'Resident', idNumber: r.idNumber })) } });
    expect(res.status).toBe(200);
    return (await res.json()) as GraphQLReply;
  }
  async function withSystemDown<T>(system: StartedStandIn, run: () => Promise<T>): Promise<T> {
    const set = (mode: string) => fetch(`${system.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) });
    expect((await set('down')).status).toBe(200);
    try {
      return await run();
    } finally {
      await set('none');
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'civil-affairs-'));
    [sa, soap] = await Promise.all([startStandIn(socialAssistanceStandIn), startStandIn(elderlyDisabilitySubsidyStandIn)]);
  });
  afterAll(async () => {
    await Promise.all([sa.close(), soap.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sa.ctx.stats.reset();
    soap.ctx.stats.reset();
  });

  it('100 representations get all four fields as seeded with 1 batch lookup and exactly 100 GetSubsidyRecord calls', async () => {
    expect(residents).toHaveLength(100);
    const subgraph = await serve();
    try {
      const reply = await entities(subgraph, residents);
      expect(reply.errors).toBeUndefined();
      expect(reply.data!._entities).toEqual(residents.map(expected));
      // The sample is meaningful only if every field has values to compare.
      for (const field of ['subsistenceAllowance', 'specialHardship', 'elderlySubsidy', 'disabilitySubsidy']) {
        expect(reply.data!._entities.filter((e) => e[field] !== null).length).toBeGreaterThan(5);
      }
      expect(sa.ctx.stats.snapshot().byKind).toEqual({ 'batch-lookup': 1 });
      expect(soap.ctx.stats.snapshot().byKind).toEqual({ GetSubsidyRecord: 100 });
    } finally {
      await subgraph.close();
    }
  });

  it('150 representations cost 2 batch lookups, one per 100 residents', async () => {
    const people = population().residents.slice(1000, 1150);
    const subgraph = await serve();
    try {
      const reply = await entities(subgraph, people, 'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Resident { subsistenceAllowance { status } } } }');
      expect(reply.errors).toBeUndefined();
      expect(sa.ctx.stats.snapshot().byKind).toEqual({ 'batch-lookup': 2 });
      expect(soap.ctx.stats.snapshot().total).toBe(0);
    } finally {
      await subgraph.close();
    }
  });

  it('resolving a reference alone calls no system', async () => {
    const subgraph = await serve();
    try {
      const reply = await entities(subgraph, residents.slice(0, 5), 'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Resident { idNumber } } }');
      expect(reply.data!._entities).toEqual(residents.slice(0, 5).map((r) => ({ idNumber: r.idNumber })));
      expect(sa.ctx.stats.snapshot().total + soap.ctx.stats.snapshot().total).toBe(0);
    } finally {
      await subgraph.close();
    }
  });

  it.each([
    ['SOCIAL_ASSISTANCE', () => sa, ['subsistenceAllowance', 'specialHardship'], ['elderlySubsidy', 'disabilitySubsidy']],
    ['ELDERLY_DISABILITY_SUBSIDY', () => soap, ['elderlySubsidy', 'disabilitySubsidy'], ['subsistenceAllowance', 'specialHardship']],
  ] as const)('with %s down its fields are null with SYSTEM_UNAVAILABLE errors naming it; the other system still answers', async (system, standIn, downFields, upFields) => {
    const people = residents.slice(0, 12);
    const subgraph = await serve();
    try {
      const reply = await withSystemDown(standIn(), () => entities(subgraph, people));
      const got = reply.data!._entities;
      people.forEach((r, i) => {
        const want = expected(r) as Record<string, unknown>;
        for (const f of downFields) expect(got[i][f]).toBeNull();
        for (const f of upFields) expect(got[i][f]).toEqual(want[f]);
      });
      expect(reply.errors).toHaveLength(people.length * downFields.length);
      for (const e of reply.errors!) {
        expect(e.extensions).toMatchObject({ code: 'SYSTEM_UNAVAILABLE', system });
        expect(downFields).toContain(e.path![2]);
      }
      // Messages name the system, never the resident.
      expect(JSON.stringify(reply.errors)).not.toMatch(/\d{17}[\dX]/);
    } finally {
      await subgraph.close();
    }
  });
});
