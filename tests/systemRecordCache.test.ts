/**
 * The system-record cache end to end, over real HTTP (gateway, subgraphs, stand-ins on port 0):
 * a warm read asks no system; a COMPLETE report is never followed by a read of the old value in
 * any department; a cached read is refused and audited like a system read; reconciliation reads
 * the systems themselves; Redis holds no ID number in its keys; SYSTEM_CACHE=off asks every time.
 */
import Redis from 'ioredis';
import { SYSTEM_NAMES, type SystemName } from '../domain/systems';
import { consistentResidents, type SeedResident } from '../systems/seed/population';
import { deleteRedisKeys, withRedis } from './support/environment';
import { deathOf, report, statusBySystem } from './support/reports';
import { startStack, type Stack } from './support/stack';

// Civil affairs' view of a resident: its two systems, the registry and health behind one query.
const CIVIL_AFFAIRS_READ = 'query($id: ID!) { resident(idNumber: $id) { name registryStatus subsistenceAllowance { status } elderlySubsidy { status } vitalStatus { deceased } } }';

const enrolledEverywhere = consistentResidents().filter(
  (r) => r.socialAssistance.subsistenceAllowance && r.elderlyDisability.elderlySubsidy && r.socialInsurance.pension?.kind === 'EMPLOYEE_RETIREMENT' && !r.health.deceased,
);

async function requestsBySystem(stack: Stack): Promise<Record<SystemName, number>> {
  const stats = await Promise.all(SYSTEM_NAMES.map(async (s) => [s, (await stack.stats(s)).total] as const));
  return Object.fromEntries(stats) as Record<SystemName, number>;
}
function callsSince(before: Record<SystemName, number>, after: Record<SystemName, number>): Partial<Record<SystemName, number>> {
  return Object.fromEntries(SYSTEM_NAMES.filter((s) => after[s] !== before[s]).map((s) => [s, after[s] - before[s]]));
}
async function civilAffairsRead(stack: Stack, r: SeedResident) {
  const reply = await stack.query<{ resident: Record<string, unknown> }>(CIVIL_AFFAIRS_READ, { id: r.idNumber }, await stack.token('civil-affairs'));
  expect(reply.errors).toBeUndefined();
  return reply.data!.resident;
}

describe('the system-record cache, cache on (memory)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subgraphEnv: { SYSTEM_CACHE: 'on' } });
  }, 60_000);
  afterAll(() => stack?.close());

  it('a warm read of a page of 50 residents makes no system call at all', async () => {
    const page = `{ residents(first: 50) { nodes { name registryStatus subsistenceAllowance { status } elderlySubsidy { status } vitalStatus { deceased } } } }`;
    const read = async () => {
      const reply = await stack.query(page, undefined, await stack.token('civil-affairs'));
      expect(reply.errors).toBeUndefined();
      return reply.data;
    };
    const cold = await requestsBySystem(stack);
    const first = await read();
    const warm = await requestsBySystem(stack);
    // First in its stack, so nothing on the page is cached yet. Cold: one call per batch-capable system, one per resident to the SOAP subsidy system.
    expect(callsSince(cold, warm)).toEqual({ COMMUNITY_REGISTRY: 1, SOCIAL_ASSISTANCE: 1, HEALTH_PLATFORM: 1, ELDERLY_DISABILITY_SUBSIDY: 50 });
    expect(await read()).toEqual(first);
    expect(callsSince(warm, await requestsBySystem(stack))).toEqual({});
  });

  it('a warm read of a resident makes no system call', async () => {
    const person = enrolledEverywhere[0];
    const cold = await requestsBySystem(stack);
    const first = await civilAffairsRead(stack, person);
    const warm = await requestsBySystem(stack);
    expect(Object.keys(callsSince(cold, warm)).sort()).toEqual(['COMMUNITY_REGISTRY', 'ELDERLY_DISABILITY_SUBSIDY', 'HEALTH_PLATFORM', 'SOCIAL_ASSISTANCE']);
    expect(await civilAffairsRead(stack, person)).toEqual(first);
    expect(callsSince(warm, await requestsBySystem(stack))).toEqual({});
  });

  it('a report that COMPLETEs is never followed by a read of the old value, in any department', async () => {
    const person = enrolledEverywhere[1];
    const hrssRead = async () => (await stack.query<{ resident: { pension: { status: string } } }>('query($id: ID!) { resident(idNumber: $id) { pension { status } } }', { id: person.idNumber }, await stack.token('hrss'))).data!.resident;
    // Warm every department's cache with the old values first.
    expect(await civilAffairsRead(stack, person)).toMatchObject({ registryStatus: 'RESIDENT', subsistenceAllowance: { status: 'ACTIVE' }, elderlySubsidy: { status: 'ACTIVE' }, vitalStatus: { deceased: false } });
    expect(await hrssRead()).toEqual({ pension: { status: 'ACTIVE' } });
    const reply = await report(stack, deathOf(person));
    expect(reply.errors).toBeUndefined();
    expect(reply.data!.reportPopulationChange.status).toBe('COMPLETE');
    expect(Object.values(statusBySystem(reply.data!.reportPopulationChange))).toEqual(Array(5).fill('DELIVERED'));
    expect(await civilAffairsRead(stack, person)).toMatchObject({ registryStatus: 'DECEASED', subsistenceAllowance: { status: 'STOPPED' }, elderlySubsidy: { status: 'STOPPED' }, vitalStatus: { deceased: true } });
    expect(await hrssRead()).toEqual({ pension: { status: 'STOPPED' } });
  });

  it('a cached read is refused to a role without the field and audited for one with it, like a system read', async () => {
    const person = enrolledEverywhere[2];
    const read = async (role: 'civil-affairs' | 'hrss') => stack.query('query($id: ID!) { resident(idNumber: $id) { subsistenceAllowance { status } } }', { id: person.idNumber }, await stack.token(role));
    const auditedReads = async () => {
      const log = await stack.query<{ auditLog: Array<{ role: string; fields: string[] }> }>('query($id: ID) { auditLog(residentIdNumber: $id) { role fields } }', { id: person.idNumber });
      expect(log.errors).toBeUndefined();
      return log.data!.auditLog.filter((r) => r.role === 'civil-affairs' && r.fields.includes('subsistenceAllowance')).length;
    };
    const refusedCold = await read('hrss');
    await read('civil-affairs'); // fills the cache
    const before = await requestsBySystem(stack);
    const audited = await auditedReads();
    expect((await read('civil-affairs')).data).toEqual({ resident: { subsistenceAllowance: { status: 'ACTIVE' } } });
    expect(callsSince(before, await requestsBySystem(stack))).toEqual({});
    expect(await auditedReads()).toBe(audited + 1);
    // The refusal is the same whether the record is cached or not.
    const refusedWarm = await read('hrss');
    expect(refusedWarm.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect({ data: refusedWarm.data, errors: refusedWarm.errors }).toEqual({ data: refusedCold.data, errors: refusedCold.errors });
  });

  it('reconciliation reads the systems themselves, never the cache', async () => {
    // Its evidence: every recorded death with what is still paid (civil affairs' records behind each).
    const evidence = async () => {
      const before = await requestsBySystem(stack);
      const reply = await stack.query('{ recordedDeaths { idNumber subsistenceAllowance { status } } }', undefined, await stack.serviceToken());
      expect(reply.errors).toBeUndefined();
      return callsSince(before, await requestsBySystem(stack));
    };
    await evidence();
    // Had the first run filled the cache for reconciliation, the second would not ask social assistance again.
    expect(await evidence()).toMatchObject({ HEALTH_PLATFORM: expect.any(Number), SOCIAL_ASSISTANCE: expect.any(Number) });
  });
});

describe('the system-record cache, SYSTEM_CACHE=off', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subgraphEnv: { SYSTEM_CACHE: 'off' } });
  }, 60_000);
  afterAll(() => stack?.close());

  it('reads the systems every time', async () => {
    const person = enrolledEverywhere[0];
    await civilAffairsRead(stack, person);
    const before = await requestsBySystem(stack);
    await civilAffairsRead(stack, person);
    expect(Object.keys(callsSince(before, await requestsBySystem(stack))).sort()).toEqual(['COMMUNITY_REGISTRY', 'ELDERLY_DISABILITY_SUBSIDY', 'HEALTH_PLATFORM', 'SOCIAL_ASSISTANCE']);
  });
});

withRedis('the system-record cache shared through Redis', (redisUrl) => {
  describe('the system-record cache, cache on (Redis)', () => {
    const prefix = `test:sc:${process.pid}:`;
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ subgraphEnv: { SYSTEM_CACHE: 'on', REDIS_URL: redisUrl, REDIS_PREFIX: prefix } });
    }, 60_000);
    afterAll(async () => {
      await stack?.close();
      await deleteRedisKeys(redisUrl, prefix);
    });

    it('serves a warm read from Redis, whose keys hold no ID number', async () => {
      const person = enrolledEverywhere[4];
      await civilAffairsRead(stack, person);
      const before = await requestsBySystem(stack);
      await civilAffairsRead(stack, person);
      expect(callsSince(before, await requestsBySystem(stack))).toEqual({});
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}sc:*`);
      await redis.quit();
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) for (const part of [person.idNumber, person.idNumber.slice(6, 14)]) expect(key).not.toContain(part);
    });
  });
});
