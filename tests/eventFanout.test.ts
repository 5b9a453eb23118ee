/**
 * Event-driven fan-out over the whole system: every poll set to a minute (the workers' and the
 * mutation's), a report still answers COMPLETE in the time of its deliveries, because the workers
 * are woken when its deliveries are stored and the mutation when they settle.
 * SQLite: the health subgraph runs as a child process of its own, so its worker is woken, and it
 * wakes the community's mutation, across processes (the wake files beside intake.sqlite).
 * Redis: each subgraph on its own connections, woken by the streams and the settled channel.
 */
import { randomUUID } from 'node:crypto';
import { consistentResidents } from '../systems/seed/population';
import { startStack, type Stack } from './support/stack';
import { freePort, startChild, type ChildService } from './support/childProcess';
import { deathOf, report, statusBySystem } from './support/reports';
import { deleteRedisKeys, withRedis } from './support/environment';

const A_MINUTE = '60000';
// The mutation may wait a minute too (the gateway waits longer for it): only wake-ups make it answer sooner.
const POLLING_ONCE_A_MINUTE = { DELIVERY_POLL_MS: A_MINUTE, INTAKE_POLL_MS: A_MINUTE, INTAKE_WAIT_MS: A_MINUTE };
const GATEWAY_WAITS = { SUBGRAPH_TIMEOUT_MS: '90000' };
/** Far below the minute any poll would take, far above a loaded machine's delivery time: not a timing, a bound. */
const PROMPTLY_MS = 30_000;

const residents = consistentResidents().filter((r) => r.community === '510114001001');

async function reportsPromptly(stack: Stack, person: (typeof residents)[number]): Promise<void> {
  const sent = Date.now();
  const res = await report(stack, deathOf(person));
  const intake = res.data?.reportPopulationChange;
  expect(intake?.status).toBe('COMPLETE');
  expect(Object.values(statusBySystem(intake!)).every((s) => s === 'DELIVERED' || s === 'NOT_APPLICABLE')).toBe(true);
  expect(Date.now() - sent).toBeLessThan(PROMPTLY_MS);
}

describe('SQLite: every poll once a minute, health in a process of its own', () => {
  let stack: Stack;
  let health: ChildService | undefined;
  beforeAll(async () => {
    const port = await freePort();
    stack = await startStack({ externalSubgraphs: { health: `http://127.0.0.1:${port}` }, subgraphEnv: POLLING_ONCE_A_MINUTE, gatewayEnv: GATEWAY_WAITS });
    health = await startChild('subgraphs/health/main.ts', { ...stack.subgraphEnv, HEALTH_PORT: String(port), HEALTH_PLATFORM_URL: stack.systems.HEALTH_PLATFORM.url }, `http://127.0.0.1:${port}/healthz`);
  }, 90_000);
  afterAll(async () => {
    await health?.kill();
    await stack?.close();
  }, 60_000);

  it('answers a report COMPLETE, woken across the processes, long before any poll', async () => {
    await reportsPromptly(stack, residents[0]);
    // And again, now that every worker has gone to sleep for its minute.
    await reportsPromptly(stack, residents[1]);
  }, 150_000);
});

withRedis('event-driven fan-out on Redis', (REDIS_URL) => {
  describe('Redis: every poll once a minute', () => {
    let stack: Stack;
    const prefix = `rgtest:${randomUUID().slice(0, 8)}:`;
    beforeAll(async () => {
      stack = await startStack({ subgraphEnv: { ...POLLING_ONCE_A_MINUTE, REDIS_URL, REDIS_PREFIX: prefix }, gatewayEnv: GATEWAY_WAITS });
    }, 60_000);
    afterAll(async () => {
      await stack?.close();
      await deleteRedisKeys(REDIS_URL, prefix);
    });

    it('answers a report COMPLETE, woken by the streams and the settled channel, long before any poll', async () => {
      await reportsPromptly(stack, residents[2]);
      await reportsPromptly(stack, residents[3]);
    }, 150_000);
  });
});
