/**
 * The SQLite intake store's group commit: reports sent together are stored together, a bad one
 * is refused alone with its field named and leaves nothing behind, and a report acknowledged is
 * on disk even if the process is killed the next instant.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { newReport } from '../../tests/support/intakeFixtures';
import { InvalidIntakeError } from './newIntakeCheck';
import { createSqliteIntakeStore } from './sqliteStore';

const dir = mkdtempSync(join(tmpdir(), 'intake-group-commit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the file holds for `key`: the intake's count and its deliveries' count, read by a connection of its own. */
function storedUnder(file: string, keys: string[]): Map<string, number> {
  const db = new Database(file, { readonly: true });
  const count = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM deliveries d JOIN intakes i ON i.id = d.intake_id WHERE i.idempotency_key = ?');
  const intakes = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM intakes WHERE idempotency_key = ?');
  const found = new Map(keys.filter((key) => intakes.get(key)!.n > 0).map((key) => [key, count.get(key)!.n]));
  db.close();
  return found;
}

describe('SQLite intake store: group commit', () => {
  it('stores the good reports of a batch and refuses the bad one with its field named, storing nothing of it', async () => {
    const file = join(dir, 'batch.sqlite');
    const store = createSqliteIntakeStore(file);
    const good = [newReport(), newReport(), newReport(), newReport()];
    const bad = newReport();
    const badInput = { ...bad.input, systems: ['HEALTH_PLATFORM', 'HEALTH_PLATFORM'] as const };
    // Sent in one turn of the event loop: one batch.
    const outcomes = await Promise.allSettled([...good.slice(0, 2), { key: bad.key, input: badInput }, ...good.slice(2)].map((r) => store.createIntake(r.key, r.input)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.outcome : 'refused'))).toEqual(['created', 'created', 'refused', 'created', 'created']);
    const refusal = (outcomes[2] as PromiseRejectedResult).reason as InvalidIntakeError;
    expect(refusal).toBeInstanceOf(InvalidIntakeError);
    expect(refusal.code).toBe('BAD_USER_INPUT');
    expect(refusal.fields).toEqual([expect.objectContaining({ path: ['systems'], message: 'must name each system at most once' })]);
    await store.close();
    const stored = storedUnder(file, [...good.map((r) => r.key), bad.key]);
    expect([...stored]).toEqual(good.map((r) => [r.key, 5]));
  });

  it('stores one intake for one key sent twice in the same batch: the second is a replay of the first', async () => {
    const store = createSqliteIntakeStore(join(dir, 'same-key.sqlite'));
    const report = newReport();
    const [first, second] = await Promise.all([store.createIntake(report.key, report.input), store.createIntake(report.key, report.input)]);
    expect([first.outcome, second.outcome]).toEqual(['created', 'replayed']);
    expect(second.outcome === 'replayed' && first.outcome === 'created' && second.intake.id).toBe(first.outcome === 'created' && first.intake.id);
    await store.close();
  });

  it('keeps every report it acknowledged, whole, when its process is killed mid-burst', async () => {
    const file = join(dir, 'killed.sqlite');
    // Another process stores bursts of 20 reports and prints each key once createIntake resolved; it is killed (SIGKILL) after 60.
    const script = join(dir, 'burst.ts');
    writeFileSync(
      script,
      `import { createSqliteIntakeStore } from ${JSON.stringify(resolve('platform/intake/sqliteStore'))};
       import { newReport } from ${JSON.stringify(resolve('tests/support/intakeFixtures'))};
       const store = createSqliteIntakeStore(${JSON.stringify(file)});
       (async () => { for (;;) await Promise.all(Array.from({ length: 20 }, async () => {
         const r = newReport();
         await store.createIntake(r.key, r.input);
         process.stdout.write(r.key + '\\n');
       })); })();`,
    );
    // Node itself with tsx as a loader (not the tsx wrapper, whose node child would outlive the kill).
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged: string[] = [];
    let buffered = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    await new Promise<void>((enough) =>
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (buffered + chunk.toString()).split('\n');
        buffered = lines.pop()!;
        acknowledged.push(...lines);
        if (acknowledged.length >= 60) {
          child.kill('SIGKILL');
          enough();
        }
      }),
    );
    await exited;
    const stored = storedUnder(file, acknowledged);
    expect(acknowledged.filter((key) => stored.get(key) !== 5)).toEqual([]);
  }, 60_000);
});
