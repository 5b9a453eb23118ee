/**
 * Short leases with a heartbeat, and outcomes recorded through a store blip, over the real
 * stores: a delivery in progress longer than its lease stays with its worker (no second
 * attempt, no second write), and a failed attempt whose record meets Redis gone for a moment
 * is recorded once Redis is back, not left to its lease.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedisIntakeStore, createSqliteIntakeStore } from '../platform/intake';
import { newReport } from './support/intakeFixtures';
import type { IntakeStore } from '../platform/intake/types';
import { createLogger } from '../platform/logger';
import { DeliveryWorker, type DeliveryHandler, type DeliveryWorkerOptions } from '../platform/delivery/worker';
import { startPrivateRedis, type PrivateRedis } from './support/privateRedis';
import { withRedis } from './support/environment';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const workerOn = (store: IntakeStore, handler: DeliveryHandler, options: Partial<DeliveryWorkerOptions> & { consumer: string }) =>
  new DeliveryWorker(store, [handler], createLogger('test', 'silent'), { backoffBaseMs: 60_000, backoffMaxMs: 60_000, ...options });

async function newIntake(store: IntakeStore): Promise<string> {
  const { key, input } = newReport({ systems: ['HEALTH_PLATFORM'] });
  const created = await store.createIntake(key, input);
  if (created.outcome !== 'created') throw new Error('expected a new intake');
  return created.intake.id;
}

describe('a delivery in progress longer than its lease', () => {
  let dir: string;
  let store: IntakeStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'leases-'));
    store = createSqliteIntakeStore(join(dir, 'intake.sqlite'));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its claim by the heartbeat: a second worker never takes it over, the handler runs once', async () => {
    const id = await newIntake(store);
    const LEASE_MS = 300;
    let calls = 0;
    let second = 0;
    const slow = workerOn(store, { system: 'HEALTH_PLATFORM', deliver: async () => (calls++, await sleep(LEASE_MS * 5), { status: 'DELIVERED', forms: [] }) }, { consumer: 'slow', leaseMs: LEASE_MS });
    const other = workerOn(store, { system: 'HEALTH_PLATFORM', deliver: async () => (second++, { status: 'DELIVERED', forms: [] }) }, { consumer: 'other', leaseMs: LEASE_MS, pollIntervalMs: 20 });
    const round = slow.runOnce();
    other.start();
    await round;
    await other.stop();
    expect({ calls, second }).toEqual({ calls: 1, second: 0 });
    expect((await store.getIntake(id))!.deliveries[0]).toMatchObject({ status: 'DELIVERED', attempts: 1 });
  });
});

withRedis('a failed attempt recorded through a Redis blip', () => {
  describe('a failed attempt whose record meets Redis gone for a moment', () => {
    let redis: PrivateRedis;
    let store: IntakeStore;
    beforeAll(async () => {
      redis = await startPrivateRedis();
      store = createRedisIntakeStore(redis.url);
    }, 30_000);
    afterAll(async () => {
      await store?.close();
      await redis?.close();
    });

    it('is recorded once Redis is back, long before the lease would run out, and the handler runs once', async () => {
      const id = await newIntake(store);
      let calls = 0;
      let restarted: Promise<void> | undefined;
      const w = workerOn(
        store,
        {
          system: 'HEALTH_PLATFORM',
          deliver: async () => {
            calls++;
            // The system refuses; as the worker goes to record that, Redis is away for a moment.
            await redis.kill();
            restarted = sleep(1000).then(() => redis.start());
            throw new Error('the health platform refused the update');
          },
        },
        // A lease far longer than the test: only the retried record can make the failure visible.
        { consumer: 'w', leaseMs: 120_000 },
      );
      await w.runOnce();
      await restarted;
      const delivery = (await store.getIntake(id))!.deliveries[0];
      expect(delivery).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'the health platform refused the update' });
      expect(calls).toBe(1);
      // Released and due at the retry time (a minute away): no worker takes it before then.
      expect(await store.claimDeliveries('HEALTH_PLATFORM', 'other', 10, 1000)).toEqual([]);
    }, 60_000);
  });
});
