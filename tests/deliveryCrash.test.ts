/**
 * A worker process killed after the system write but before the delivery was recorded: after a
 * restart the delivery completes DELIVERED within seconds (short leases, renewed by a heartbeat
 * while a worker lives), and the system holds exactly one write.
 * The civil-affairs subgraph (which owns social assistance's delivery) runs as a real child
 * process and is killed with SIGKILL; the social-assistance stand-in carries the write out but
 * loses its answer, so the write is committed while the worker has not recorded anything.
 */
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { freePort, startChild, type ChildService } from './support/childProcess';
import { deathOf, report, statusBySystem, waitForIntake } from './support/reports';
import { writeCounts } from './support/writes';

describe('a delivery worker killed between the system write and its acknowledgement', () => {
  let stack: Stack;
  let port: number;
  let child: ChildService | undefined;
  const startCivilAffairs = () =>
    startChild(
      'subgraphs/civil-affairs/main.ts',
      {
        ...stack.subgraphEnv,
        CIVIL_AFFAIRS_PORT: String(port),
        SOCIAL_ASSISTANCE_URL: stack.systems.SOCIAL_ASSISTANCE.url,
        ELDERLY_DISABILITY_SUBSIDY_URL: stack.systems.ELDERLY_DISABILITY_SUBSIDY.url,
        // Generous on a loaded machine: the first attempt must get as far as the write.
        SYSTEM_TIMEOUT_MS: '8000',
        // After its first failed attempt the worker waits seconds, so the kill lands before it could finish.
        DELIVERY_BACKOFF_MS: '6000',
        DELIVERY_BACKOFF_MAX_MS: '6000',
      },
      `http://127.0.0.1:${port}/healthz`,
    );

  beforeAll(async () => {
    port = await freePort();
    stack = await startStack({
      externalSubgraphs: { 'civil-affairs': `http://127.0.0.1:${port}` },
      // The default lease (5 s, renewed by the worker's heartbeat while it delivers): a dead worker's claim is taken over in seconds.
      subgraphEnv: { DELIVERY_MAX_ATTEMPTS: '1000', INTAKE_WAIT_MS: '500' },
    });
    child = await startCivilAffairs();
  }, 90_000);
  afterAll(async () => {
    await child?.kill();
    await stack?.close();
  }, 60_000);

  it('restarts, finds its own write already there, writes nothing twice and records DELIVERED', async () => {
    const person = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance && !r.socialAssistance.specialHardship && r.community === '510114001001')!;
    const before = writeCounts(stack).SOCIAL_ASSISTANCE;
    // Reads answer; the termination is carried out but its answer is lost.
    await stack.fault('SOCIAL_ASSISTANCE', { mode: 'lose-reply', path: '/termination' });
    const accepted = (await report(stack, deathOf(person))).data!.reportPopulationChange;

    // Wait for the termination to be committed in the system's own store, then kill the worker.
    const deadline = Date.now() + 45_000;
    while (writeCounts(stack).SOCIAL_ASSISTANCE === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (writeCounts(stack).SOCIAL_ASSISTANCE !== before + 1) {
      // Say why the first write never happened (the delivery's state), instead of a bare count.
      throw new Error(`no termination was written: ${JSON.stringify((await waitForIntake(stack, accepted.id, () => true)).deliveries)}`);
    }
    await child!.kill();
    const meanwhile = await waitForIntake(stack, accepted.id, () => true);
    expect(statusBySystem(meanwhile).SOCIAL_ASSISTANCE).toBe('PENDING');

    await stack.fault('SOCIAL_ASSISTANCE', { mode: 'none' });
    child = await startCivilAffairs();
    const restartedAt = Date.now();
    const done = await waitForIntake(stack, accepted.id, (i) => statusBySystem(i).SOCIAL_ASSISTANCE === 'DELIVERED', 30_000);
    expect(statusBySystem(done).SOCIAL_ASSISTANCE).toBe('DELIVERED');
    // Replaced within seconds of the new worker starting: the dead one's 5 s lease, not a 30 s one
    // (generous for a loaded machine, still far below the old lease's 30 s).
    expect(Date.now() - restartedAt).toBeLessThan(15_000);
    expect(done.forms.map((f) => f.type)).toContain('SUBSISTENCE_ALLOWANCE_CANCELLATION');
    expect(writeCounts(stack).SOCIAL_ASSISTANCE).toBe(before + 1);
  }, 120_000);
});
