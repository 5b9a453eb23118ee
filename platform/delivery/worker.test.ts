/** The delivery worker over a real SQLite intake store, with scripted handlers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefinitiveRejection, UpstreamError } from '../errors';
import { createSqliteIntakeStore } from '../intake';
import { newReport } from '../../tests/support/intakeFixtures';
import type { IntakeStore } from '../intake/types';
import { createLogger } from '../logger';
import { Registry } from '../metrics/registry';
import { DeliveryMetrics } from './deliveryMetrics';
import { DeliveryWorker, type DeliveryHandler } from './worker';

describe('DeliveryWorker', () => {
  let dir: string;
  let store: IntakeStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'worker-'));
    store = createSqliteIntakeStore(join(dir, 'intake.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let registry: Registry;
  const worker = (handler: DeliveryHandler, options: Partial<ConstructorParameters<typeof DeliveryWorker>[3]> = {}) => {
    registry = new Registry();
    const metrics = new DeliveryMetrics(registry, store, [handler.system]);
    return new DeliveryWorker(store, [handler], createLogger('test', 'silent'), { consumer: 'w', backoffBaseMs: 1, backoffMaxMs: 2, ...options }, metrics);
  };
  /** The worker's counter `name` for HEALTH_PLATFORM (and `outcome`), as its registry holds it; undefined when it has no such series. */
  const counted = async (name: string, outcome?: string) =>
    (await registry.getSingleMetric(name)!.get()).values.find((v) => v.labels.system === 'HEALTH_PLATFORM' && v.labels.outcome === outcome)?.value;
  const intakeFor = async () => {
    const { key, input } = newReport({ systems: ['HEALTH_PLATFORM'] });
    const created = await store.createIntake(key, input);
    if (created.outcome !== 'created') throw new Error('expected a new intake');
    return created.intake.id;
  };
  const health = async (id: string) => (await store.getIntake(id))!.deliveries[0];

  it('records the handler’s outcome and forms', async () => {
    const id = await intakeFor();
    const w = worker({ system: 'HEALTH_PLATFORM', deliver: async () => ({ status: 'DELIVERED', forms: [{ type: 'DEATH_REGISTRATION_REPORT', department: 'health', payload: { a: 1 } }] }) });
    expect(await w.runOnce()).toBe(1);
    expect(await health(id)).toMatchObject({ status: 'DELIVERED', attempts: 1 });
    expect((await store.getIntake(id))!.forms.map((f) => f.type)).toEqual(['DEATH_REGISTRATION_REPORT']);
    expect(await counted('deliveries_completed_total', 'delivered')).toBe(1);
  });

  it('retries a failing delivery and dead-letters it after maxAttempts with the error', async () => {
    const id = await intakeFor();
    let calls = 0;
    const w = worker(
      {
        system: 'HEALTH_PLATFORM',
        deliver: async () => {
          calls++;
          throw new UpstreamError('HEALTH_PLATFORM', 'SYSTEM_ERROR', 'answered HTTP 500', 500);
        },
      },
      { maxAttempts: 3 },
    );
    const failedTotal = () => counted('delivery_failed_total');
    expect(await failedTotal()).toBe(0);
    for (let i = 0; i < 50 && (await health(id)).status === 'PENDING'; i++) {
      await w.runOnce();
      // Failed attempts that will be retried are not counted: only the dead letter is.
      if ((await health(id)).status === 'PENDING') expect(await failedTotal()).toBe(0);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(calls).toBe(3);
    expect(await health(id)).toMatchObject({ status: 'FAILED', attempts: 3, lastError: expect.stringContaining('SYSTEM_ERROR') });
    expect(await failedTotal()).toBe(1);
    expect(await counted('deliveries_completed_total', 'failed')).toBe(1);
  });

  it('a definitive answer ends the delivery FAILED after one attempt, with the system\'s reason, not retried', async () => {
    const id = await intakeFor();
    let calls = 0;
    const w = worker(
      {
        system: 'HEALTH_PLATFORM',
        deliver: async () => {
          calls++;
          throw new DefinitiveRejection('HEALTH_PLATFORM', 'refused the change: the resident is recorded MOVED_OUT since 2026-05-01', 409);
        },
      },
      { maxAttempts: 8 },
    );
    await w.runOnce();
    expect(await w.runOnce()).toBe(0); // nothing left to claim: FAILED at once, no retry scheduled
    expect(calls).toBe(1);
    expect(await health(id)).toMatchObject({ status: 'FAILED', attempts: 1, lastError: expect.stringContaining('the resident is recorded MOVED_OUT since 2026-05-01') });
    expect((await health(id)).lastError).toMatch(/^REFUSED: .*Not retried/);
  });

  it('waits out an open circuit before the next attempt', async () => {
    const id = await intakeFor();
    const w = worker({
      system: 'HEALTH_PLATFORM',
      deliver: async () => {
        throw new UpstreamError('HEALTH_PLATFORM', 'SYSTEM_UNAVAILABLE', 'is paused (circuit open)', undefined, undefined, 60_000);
      },
    });
    await w.runOnce();
    expect(await w.runOnce()).toBe(0); // not due again for a minute
    expect(await health(id)).toMatchObject({ status: 'PENDING', attempts: 1 });
  });

  /** Reads until the delivery is no longer PENDING (the test's reads, not the worker's polling); null after `limitMs`. */
  const settled = async (id: string, limitMs = 15_000) => {
    const deadline = Date.now() + limitMs;
    while (Date.now() < deadline) {
      const delivery = await health(id);
      if (delivery.status !== 'PENDING') return delivery;
      await new Promise((r) => setTimeout(r, 10));
    }
    return null;
  };
  const A_MINUTE = 60_000;

  it('polling once a minute, delivers a report another store instance (process) stores after it started: woken, not polled', async () => {
    const w = worker({ system: 'HEALTH_PLATFORM', deliver: async () => ({ status: 'NOT_APPLICABLE', forms: [] }) }, { pollIntervalMs: A_MINUTE });
    w.start();
    await new Promise((r) => setTimeout(r, 100)); // its first round found nothing: now it sleeps for a minute
    const community = createSqliteIntakeStore(join(dir, 'intake.sqlite'));
    const { key, input } = newReport({ systems: ['HEALTH_PLATFORM'] });
    const created = await community.createIntake(key, input);
    const id = created.outcome === 'created' ? created.intake.id : '';
    expect(await settled(id)).toMatchObject({ status: 'NOT_APPLICABLE', attempts: 1 });
    await w.stop();
    await community.close();
  });

  it('polling once a minute, makes its second attempt when the retry comes due, not a minute later', async () => {
    const id = await intakeFor();
    let calls = 0;
    const flaky: DeliveryHandler = {
      system: 'HEALTH_PLATFORM',
      deliver: async () => {
        if (++calls === 1) throw new UpstreamError('HEALTH_PLATFORM', 'SYSTEM_ERROR', 'answered HTTP 500', 500);
        return { status: 'DELIVERED', forms: [] };
      },
    };
    const w = worker(flaky, { pollIntervalMs: A_MINUTE, backoffBaseMs: 200, backoffMaxMs: 200 });
    w.start();
    expect(await settled(id)).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    await w.stop();
  });

  it('finds a delivery whose wake-up was lost by its fallback poll', async () => {
    // The same store, deaf: its watch is in place but never calls back (a signal missed).
    const deaf: IntakeStore = { ...store, watchDeliveries: async () => () => {} };
    const w = new DeliveryWorker(deaf, [{ system: 'HEALTH_PLATFORM', deliver: async () => ({ status: 'NOT_APPLICABLE', forms: [] }) }], createLogger('test', 'silent'), { consumer: 'w', pollIntervalMs: 200 });
    w.start();
    await new Promise((r) => setTimeout(r, 100));
    const id = await intakeFor();
    expect(await settled(id)).toMatchObject({ status: 'NOT_APPLICABLE' });
    await w.stop();
  });

  it('start() polls in the background and stop() waits for the round in progress', async () => {
    const id = await intakeFor();
    const w = worker({ system: 'HEALTH_PLATFORM', deliver: async () => ({ status: 'NOT_APPLICABLE', forms: [] }) }, { pollIntervalMs: 10 });
    w.start();
    for (let i = 0; i < 100 && (await health(id)).status === 'PENDING'; i++) await new Promise((r) => setTimeout(r, 10));
    await w.stop();
    expect((await health(id)).status).toBe('NOT_APPLICABLE');
  });
});
