/**
 * The report's trace context kept with its intake, in both stores: stored when well-formed, given
 * back with the intake wherever it is read (the claimed delivery's intake above all: the delivery
 * span links to it), absent when none was given or it was malformed, and an intake stored before
 * the field existed still loads.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimOne, newReport } from '../../tests/support/intakeFixtures';
import { deleteRedisKeys, withRedis } from '../../tests/support/environment';
import { createRedisIntakeStore } from './redisStore';
import { openIntakeDatabase } from './sqliteSchema';
import { createSqliteIntakeStore } from './sqliteStore';
import type { IntakeStore } from './types';

const TRACE_PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const dir = mkdtempSync(join(tmpdir(), 'intake-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function traceParentContract(name: string, open: (space: string) => IntakeStore): void {
  describe(`${name} intake store: the report's trace context`, () => {
    let store: IntakeStore;
    let space = 0;
    beforeEach(() => {
      store = open(`trace-${(space += 1)}`);
    });
    afterEach(() => store.close());

    it('is stored with the intake and read back with it, the claimed delivery included; a replay keeps the first', async () => {
      const report = newReport({ systems: ['SOCIAL_INSURANCE'] });
      const result = await store.createIntake(report.key, { ...report.input, traceParent: TRACE_PARENT });
      expect(result).toMatchObject({ outcome: 'created', intake: { traceParent: TRACE_PARENT } });
      const id = result.outcome === 'created' ? result.intake.id : '';
      expect((await store.getIntake(id))?.intake.traceParent).toBe(TRACE_PARENT);
      expect((await claimOne(store, 'SOCIAL_INSURANCE', 'worker')).intake.traceParent).toBe(TRACE_PARENT);
      const replay = await store.createIntake(report.key, { ...report.input, traceParent: '00-11111111111111111111111111111111-2222222222222222-01' });
      expect(replay).toMatchObject({ outcome: 'replayed', intake: { traceParent: TRACE_PARENT } });
    });

    it('is absent when none was given, or a malformed one (tracing never refuses a report)', async () => {
      for (const traceParent of [undefined, 'not-a-traceparent', `${TRACE_PARENT}\nX-Injected: 1`]) {
        const report = newReport({ systems: ['HEALTH_PLATFORM'] });
        const result = await store.createIntake(report.key, { ...report.input, traceParent });
        expect(result.outcome).toBe('created');
        const id = result.outcome === 'created' ? result.intake.id : '';
        expect(result.outcome === 'created' && 'traceParent' in result.intake).toBe(false);
        expect((await store.getIntake(id))?.intake).not.toHaveProperty('traceParent');
      }
    });

    it("reaches a held report's deliveries once a worker confirms it", async () => {
      const report = newReport({ systems: ['SOCIAL_ASSISTANCE'] });
      const result = await store.createIntake(report.key, { ...report.input, awaitConfirmation: true, traceParent: TRACE_PARENT });
      const id = result.outcome === 'created' ? result.intake.id : '';
      expect(await store.confirmIntake(id, 'worker-1')).toBe(true);
      expect((await claimOne(store, 'SOCIAL_ASSISTANCE', 'worker')).intake.traceParent).toBe(TRACE_PARENT);
    });
  });
}

traceParentContract('SQLite', (space) => createSqliteIntakeStore(join(dir, `${space}.sqlite`)));

const RUN_PREFIX = `rg-test:${process.pid}-${Date.now()}-trace:`;
withRedis('the Redis intake store: trace context', (redisUrl) => {
  afterAll(() => deleteRedisKeys(redisUrl, RUN_PREFIX));
  traceParentContract('Redis', (space) => createRedisIntakeStore(redisUrl, { prefix: `${RUN_PREFIX}${space}:` }));
});

describe('an intake database from before trace contexts were kept', () => {
  it('gains the column when opened; its intakes load without a trace context', async () => {
    const file = join(dir, 'before-traces.sqlite');
    openIntakeDatabase(file).close();
    const old = new Database(file);
    old.exec('ALTER TABLE intakes DROP COLUMN trace_parent');
    const report = newReport({ effectiveDate: '2023-03-03' });
    old.prepare('INSERT INTO intakes (id, idempotency_key, input_hash, change, community, kind, effective_date, reported_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run('int_beforetracesbeforetr', report.key, report.input.inputHash, JSON.stringify(report.input.change), report.input.change.community, 'DEATH', '2023-03-03', 'worker', '2023-03-03T00:00:00.000Z');
    old.close();
    const store = createSqliteIntakeStore(file);
    const [intake] = await store.listIntakes({ from: '2023-03-03', to: '2023-03-03' });
    expect(intake).toMatchObject({ id: 'int_beforetracesbeforetr', reportedBy: 'worker' });
    expect(intake).not.toHaveProperty('traceParent');
    const fresh = newReport();
    expect(await store.createIntake(fresh.key, { ...fresh.input, traceParent: TRACE_PARENT })).toMatchObject({ intake: { traceParent: TRACE_PARENT } });
    await store.close();
  });
});
