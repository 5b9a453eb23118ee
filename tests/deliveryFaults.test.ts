/**
 * Faults during the fan-out lose nothing and duplicate nothing: a system that is down leaves its
 * delivery PENDING while the others complete, and it completes with exactly one write once the
 * system is back; a system that keeps failing ends FAILED (a dead letter) and retryDelivery
 * completes it.
 */
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { deathOf, readIntake, report, statusBySystem, waitForIntake } from './support/reports';
import { writeCounts, writesSince } from './support/writes';

describe('a system down during the fan-out', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subgraphEnv: { DELIVERY_MAX_ATTEMPTS: '1000', INTAKE_WAIT_MS: '2000' } });
  }, 60_000);
  afterAll(() => stack?.close());

  it('accepts the intake durably, keeps that delivery PENDING, and completes it once the system is back', async () => {
    const person = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance && r.community === '510114001002')!;
    await stack.fault('SOCIAL_ASSISTANCE', { mode: 'down' });
    const before = writeCounts(stack);
    const res = await report(stack, deathOf(person));
    expect(res.errors).toBeUndefined();
    const accepted = res.data!.reportPopulationChange;
    expect(accepted.status).toBe('IN_PROGRESS');
    expect(statusBySystem(accepted)).toMatchObject({ SOCIAL_ASSISTANCE: 'PENDING', COMMUNITY_REGISTRY: 'DELIVERED', HEALTH_PLATFORM: 'DELIVERED' });
    expect(accepted.deliveries.find((d) => d.system === 'SOCIAL_ASSISTANCE')!.lastError).toMatch(/SYSTEM_UNAVAILABLE/);

    // Still there when read back later, still pending while the system is down.
    expect(statusBySystem(await readIntake(stack, accepted.id)).SOCIAL_ASSISTANCE).toBe('PENDING');

    await stack.fault('SOCIAL_ASSISTANCE', { mode: 'none' });
    const done = await waitForIntake(stack, accepted.id, (i) => i.status === 'COMPLETE');
    expect(statusBySystem(done).SOCIAL_ASSISTANCE).toBe('DELIVERED');
    expect(done.forms.map((f) => f.type)).toContain('SUBSISTENCE_ALLOWANCE_CANCELLATION');
    expect(writesSince(stack, before).SOCIAL_ASSISTANCE).toBe(1);
  });
});

describe('a system that keeps failing', () => {
  let stack: Stack;
  beforeAll(async () => {
    // A 10 s system budget: the fault answers 500 at once, and the retry's few attempts (one may
    // wait out the circuit's pause) must not time out on a loaded CI machine (seen at 2 s).
    stack = await startStack({ systemTimeoutMs: 10_000, subgraphEnv: { DELIVERY_MAX_ATTEMPTS: '3', INTAKE_WAIT_MS: '500' } });
  }, 60_000);
  afterAll(() => stack?.close());

  it('ends FAILED with the attempts and the error, and retryDelivery completes it with one write', async () => {
    const person = consistentResidents().find((r) => r.community === '510114003001' && !r.health.deceased)!;
    await stack.fault('HEALTH_PLATFORM', { mode: 'error' });
    const before = writeCounts(stack);
    const accepted = (await report(stack, deathOf(person))).data!.reportPopulationChange;
    const failed = await waitForIntake(stack, accepted.id, (i) => i.status === 'NEEDS_ATTENTION');
    const health = failed.deliveries.find((d) => d.system === 'HEALTH_PLATFORM')!;
    expect(health).toMatchObject({ status: 'FAILED', attempts: 3 });
    // The error itself, or the open circuit it caused.
    expect(health.lastError).toMatch(/SYSTEM_(ERROR|UNAVAILABLE)/);
    expect(health.lastError).not.toContain(person.idNumber);

    await stack.fault('HEALTH_PLATFORM', { mode: 'none' });
    const token = await stack.token('community', person.community);
    const retried = await stack.query<{ retryDelivery: { id: string } }>(
      'mutation($id: ID!) { retryDelivery(intakeId: $id, system: HEALTH_PLATFORM) { id status } }',
      { id: accepted.id },
      token,
    );
    expect(retried.errors).toBeUndefined();
    const done = await waitForIntake(stack, accepted.id, (i) => i.status === 'COMPLETE');
    expect(statusBySystem(done).HEALTH_PLATFORM).toBe('DELIVERED');
    expect(done.forms.map((f) => f.type)).toContain('DEATH_REGISTRATION_REPORT');
    expect(writesSince(stack, before).HEALTH_PLATFORM).toBe(1);
  });

  it('retryDelivery of a delivery that is not FAILED is refused with the rule', async () => {
    const person = consistentResidents().filter((r) => r.community === '510114003001')[7];
    const accepted = (await report(stack, deathOf(person))).data!.reportPopulationChange;
    await waitForIntake(stack, accepted.id, (i) => i.status === 'COMPLETE');
    const token = await stack.token('community', person.community);
    const res = await stack.query('mutation($id: ID!) { retryDelivery(intakeId: $id, system: COMMUNITY_REGISTRY) { id } }', { id: accepted.id }, token);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ rule: 'notFailed' })] });
  });
});

describe('a system whose write path fails while its reads work', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ subgraphEnv: { DELIVERY_MAX_ATTEMPTS: '1000', INTAKE_WAIT_MS: '500' } });
  }, 60_000);
  afterAll(() => stack?.close());

  it('keeps validating and accepting new reports: the writes’ open circuit does not pause the reads', async () => {
    const [first, second] = consistentResidents().filter((r) => r.community === '510114002001');
    await stack.fault('COMMUNITY_REGISTRY', { mode: 'error', path: '/registry/changes' });
    const before = writeCounts(stack);
    const firstReport = (await report(stack, deathOf(first))).data!.reportPopulationChange;
    // The registry's writes fail until their circuit opens.
    const paused = await waitForIntake(stack, firstReport.id, (i) => /circuit open/.test(i.deliveries.find((d) => d.system === 'COMMUNITY_REGISTRY')!.lastError ?? ''));
    expect(paused.deliveries.find((d) => d.system === 'COMMUNITY_REGISTRY')!.lastError).toMatch(/circuit open/);

    // A new report still needs the registry's word (community, registration, name): its reads answer.
    const res = await report(stack, deathOf(second));
    expect(res.errors).toBeUndefined();
    const secondReport = res.data!.reportPopulationChange;
    expect(statusBySystem(secondReport).COMMUNITY_REGISTRY).toBe('PENDING');

    await stack.fault('COMMUNITY_REGISTRY', { mode: 'none' });
    for (const id of [firstReport.id, secondReport.id]) expect((await waitForIntake(stack, id, (i) => i.status === 'COMPLETE')).status).toBe('COMPLETE');
    expect(writesSince(stack, before).COMMUNITY_REGISTRY).toBe(2);
  });
});
