/**
 * The adapter against its real stand-in, beyond the shared contract (contract.test.ts): records
 * read in domain terms, the change list followed to its last page, every retry signed afresh (a
 * retried request is never refused as a replay), the exchange's refusals mapped to coded errors.
 */
import { isDefinitive, UpstreamError } from '../../../../platform/errors';
import { HttpClient, type Fetch } from '../../../../platform/http/client';
import { population } from '../../../../systems/seed/population';
import { startStandIn, type StartedStandIn } from '../../../../tests/support/standIns';
import { householdRegistrationStandInWith } from '../../../../systems/household-registration/standIn';
import { plantedCancellations } from '../../../../systems/household-registration/store';
import { HouseholdRegistrationAdapter } from '.';

const APP = { key: 'adapter-test', secret: 'adapter-test-secret-0123456789' };

describe('household registration adapter', () => {
  let hr: StartedStandIn;
  const residents = population().residents;
  const adapter = (app = APP, fetchImpl?: Fetch) => new HouseholdRegistrationAdapter(new HttpClient({ system: 'HOUSEHOLD_REGISTRATION', baseUrl: hr.url, timeoutMs: 3000, backoffBaseMs: 1 }, fetchImpl), app);
  const stats = async () => ((await (await fetch(`${hr.url}/__admin/stats`)).json()) as { byKind: Record<string, number> }).byKind;

  beforeAll(async () => {
    hr = await startStandIn(householdRegistrationStandInWith({ apps: { [APP.key]: APP.secret }, ratePerSecond: 0 }));
  });
  afterAll(() => hr.close());

  it('reads 250 registrations in three signed batch queries, in domain terms', async () => {
    const people = residents.slice(0, 250);
    const before = (await stats())['batch-query'] ?? 0;
    const found = await adapter().lookupMany([...people.map((p) => p.idNumber), 'not-an-id-number']);
    expect((await stats())['batch-query'] - before).toBe(3);
    expect(found.size).toBe(250);
    const dead = residents.find((r) => r.registry.status === 'DECEASED')!;
    const deadReg = (await adapter().lookupMany([dead.idNumber])).get(dead.idNumber)!;
    expect(deadReg).toMatchObject({ status: 'CANCELLED_DEATH', reason: '死亡注销', cancelledOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const alive = people.find((p) => p.registry.status === 'RESIDENT')!;
    expect(found.get(alive.idNumber)).toEqual({ status: 'REGISTERED', cancelledOn: null, reason: null });
  });

  it('lists every cancellation of a span, with the system’s own planted deaths', async () => {
    const list = await adapter().cancellations('2000-01-01', '2026-12-31');
    expect(list).toHaveLength(residents.filter((r) => r.registry.status !== 'RESIDENT').length + plantedCancellations(population()).length);
    for (const own of plantedCancellations(population())) expect(list).toContainEqual({ idNumber: own.idNumber, status: 'CANCELLED_DEATH', cancelledOn: own.cancelledOn, reason: '死亡注销' });
  });

  it('signs a retry afresh: a reply lost after the exchange served it is asked again and answered', async () => {
    let calls = 0;
    const losesFirstReply: Fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (++calls === 1) throw new TypeError('fetch failed (reply lost)');
      return res;
    };
    const before = await stats();
    const found = await adapter(APP, losesFirstReply).lookupMany([residents[0].idNumber]);
    expect(found.get(residents[0].idNumber)?.status).toBeDefined();
    const after = await stats();
    expect(after['batch-query'] - (before['batch-query'] ?? 0)).toBe(2);
    expect(after['refused-E1003'] ?? 0).toBe(before['refused-E1003'] ?? 0);
  });

  it('turns a wrong secret into a definitive SYSTEM_ERROR naming the system and the exchange code', async () => {
    const err = await adapter({ key: APP.key, secret: 'a-wrong-secret-0123456789' }).lookupMany([residents[0].idNumber]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ system: 'HOUSEHOLD_REGISTRATION', code: 'SYSTEM_ERROR', status: 401 });
    expect(isDefinitive(err)).toBe(true);
    expect((err as Error).message).toMatch(/E1001.*HOUSEHOLD_REGISTRATION_APP_SECRET/);
    expect((err as Error).message).not.toContain(residents[0].idNumber);
  });
});
