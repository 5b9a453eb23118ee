/**
 * Delivery lanes: a system's deliveries run several at once (bounded by `concurrency`), a
 * resident's one at a time and in the order reported. Over a real SQLite intake store; the
 * handler holds each delivery open until the test lets it go, so overlaps are seen, not timed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeIdNumber } from '../../domain/idNumber';
import { createSqliteIntakeStore } from '../intake';
import { created, newReport, withChange } from '../../tests/support/intakeFixtures';
import type { Intake, IntakeStore } from '../intake/types';
import { createLogger } from '../logger';
import { Lane } from './lane';
import { DeliveryWorker } from './worker';

/** A handler whose deliveries stay in progress until released; records the order they start and end in. */
function heldHandler() {
  const open = new Map<string, () => void>();
  const events: string[] = [];
  let changed = () => {};
  return {
    events,
    open,
    /** Resolves once `test` holds (checked after every start and end). */
    until: (test: () => boolean) =>
      new Promise<void>((done) => {
        changed = () => test() && done();
        changed();
      }),
    release: (intakeId: string) => open.get(intakeId)!(),
    handler: {
      system: 'HEALTH_PLATFORM' as const,
      deliver: (intake: Intake) =>
        new Promise<{ status: 'DELIVERED'; forms: [] }>((done) => {
          events.push(`start ${intake.id}`);
          open.set(intake.id, () => {
            open.delete(intake.id);
            events.push(`end ${intake.id}`);
            done({ status: 'DELIVERED', forms: [] });
            changed();
          });
          changed();
        }),
    },
  };
}

/** A new report of a death of `person` (one resident's reports share it) with a HEALTH_PLATFORM delivery only. */
function reportOf(person: string) {
  const report = newReport({ systems: ['HEALTH_PLATFORM'] });
  return { key: report.key, input: withChange({ ...report.input.change, idNumber: person }, ['HEALTH_PLATFORM']) };
}

describe('delivery lanes', () => {
  let dir: string;
  let store: IntakeStore;
  let worker: DeliveryWorker | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lanes-'));
    store = createSqliteIntakeStore(join(dir, 'intake.sqlite'));
  });
  afterEach(async () => {
    await worker?.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const start = (handler: ReturnType<typeof heldHandler>['handler'], concurrency: number) => {
    worker = new DeliveryWorker(store, [handler], createLogger('test', 'silent'), { consumer: 'w', concurrency, pollIntervalMs: 60_000 });
    worker.start();
  };

  it('runs up to DELIVERY_CONCURRENCY of a system’s deliveries at once, and takes the next as soon as one ends', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await created(store, newReport({ systems: ['HEALTH_PLATFORM'] })));
    const held = heldHandler();
    start(held.handler, 3);
    await held.until(() => held.open.size === 3);
    expect([...held.open.keys()]).toEqual(ids.slice(0, 3));
    held.release(ids[0]);
    // The freed slot is filled without waiting for the other two.
    await held.until(() => held.open.has(ids[3]));
    expect(held.open.size).toBe(3);
    for (const id of ids.slice(1, 4)) held.release(id);
    await held.until(() => held.open.has(ids[4]));
    held.release(ids[4]);
    await held.until(() => held.events.length === 10);
  });

  it('never runs two deliveries of one resident to one system at once, and runs them in the order reported', async () => {
    const person = makeIdNumber('110101', '1940-01-01', 7);
    const first = await created(store, reportOf(person));
    const other = await created(store, newReport({ systems: ['HEALTH_PLATFORM'] }));
    const second = await created(store, reportOf(person));
    const held = heldHandler();
    start(held.handler, 10);
    await held.until(() => held.open.has(first) && held.open.has(other));
    // Room enough, yet the resident's second delivery waits for the first.
    expect(held.open.has(second)).toBe(false);
    held.release(first);
    await held.until(() => held.open.has(second));
    held.release(second);
    held.release(other);
    await held.until(() => held.events.length === 6);
    expect(held.events.filter((e) => e.endsWith(first) || e.endsWith(second))).toEqual([`start ${first}`, `end ${first}`, `start ${second}`, `end ${second}`]);
  });

  it('does not hand out a resident’s later delivery to any consumer while an earlier one to that system is PENDING', async () => {
    const person = makeIdNumber('110101', '1940-01-01', 8);
    const first = await created(store, reportOf(person));
    const second = await created(store, reportOf(person));
    const [claim] = await store.claimDeliveries('HEALTH_PLATFORM', 'process-1', 10, 60_000);
    expect(claim.intake.id).toBe(first);
    // Another process, room to spare: nothing for it until the first is final.
    expect(await store.claimDeliveries('HEALTH_PLATFORM', 'process-2', 10, 60_000)).toEqual([]);
    await store.completeDelivery(claim, 'DELIVERED', []);
    expect((await store.claimDeliveries('HEALTH_PLATFORM', 'process-2', 10, 60_000)).map((c) => c.intake.id)).toEqual([second]);
  });
});

describe('Lane', () => {
  it('starts a resident’s work only after that resident’s earlier work ended, in the order given, others at once', async () => {
    const lane = new Lane(10);
    const order: string[] = [];
    let releaseFirst = () => {};
    const firstHeld = new Promise<void>((r) => (releaseFirst = r));
    const a1 = lane.run('a', async (turn) => {
      await turn;
      order.push('a1 start');
      await firstHeld;
      order.push('a1 end');
    });
    const a2 = lane.run('a', async (turn) => {
      await turn;
      order.push('a2 start');
    });
    const b1 = lane.run('b', async (turn) => {
      await turn;
      order.push('b1 start');
    });
    await b1;
    expect(order).toEqual(['a1 start', 'b1 start']);
    expect(lane.free).toBe(8);
    releaseFirst();
    await Promise.all([a1, a2]);
    expect(order).toEqual(['a1 start', 'b1 start', 'a1 end', 'a2 start']);
    expect(lane.free).toBe(10);
  });
});
