import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { created, newReport } from '../../tests/support/intakeFixtures';
import { openIntakeDatabase } from './sqliteSchema';
import { createSqliteIntakeStore } from './sqliteStore';
import { describeIntakeStoreContract } from '../../tests/support/intakeStoreContract';

const dir = mkdtempSync(join(tmpdir(), 'intake-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeIntakeStoreContract('SQLite', async (space) => createSqliteIntakeStore(join(dir, `${space}.sqlite`)), async () => {});

/** Runs `source` in another Node process (TypeScript through tsx, to import the store); resolves with its stdout. */
function otherProcess(source: string, options: { typescript?: boolean; onStdout?: (chunk: string) => void } = {}): Promise<string> {
  const runtime = options.typescript ? resolve('node_modules/.bin/tsx') : process.execPath;
  const child = spawn(runtime, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    options.onStdout?.(chunk.toString());
  });
  return new Promise((done, fail) => child.once('exit', (code) => (code === 0 ? done(out) : fail(new Error(`child exited with ${code}`)))));
}

describe('SQLite intake store', () => {
  it('opens a file written before reports could await confirmation: adds the review columns, keeps its intakes as they were', async () => {
    const file = join(dir, 'before-review.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE intakes (id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, input_hash TEXT NOT NULL, change TEXT NOT NULL,
      community TEXT NOT NULL, kind TEXT NOT NULL, effective_date TEXT NOT NULL, reported_by TEXT NOT NULL, created_at TEXT NOT NULL)`);
    const report = newReport({ effectiveDate: '2023-03-03' });
    old.prepare('INSERT INTO intakes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run('int_oldoldoldoldoldoldold', report.key, report.input.inputHash, JSON.stringify(report.input.change), report.input.change.community, 'DEATH', '2023-03-03', 'worker', '2023-03-03T00:00:00.000Z');
    old.close();
    const store = createSqliteIntakeStore(file);
    const [intake] = await store.listIntakes({ from: '2023-03-03', to: '2023-03-03' });
    expect(intake).toMatchObject({ id: 'int_oldoldoldoldoldoldold', reportedBy: 'worker' });
    expect(intake.review).toBeUndefined();
    const held = await created(store, { key: `${report.key}-held`, input: { ...report.input, awaitConfirmation: true } });
    expect((await store.getIntake(held))?.status).toBe('AWAITING_CONFIRMATION');
    await store.close();
  });

  it('opens a file written before reports could be withdrawn: its deliveries table then allows WITHDRAWN, its deliveries kept', async () => {
    const file = join(dir, 'before-withdrawal.sqlite');
    const first = createSqliteIntakeStore(file);
    const id = await created(first, newReport({ systems: ['HEALTH_PLATFORM'] }));
    await first.close();
    // As an older version made it: the same table with the status check it had then.
    const old = new Database(file);
    const table = old.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'deliveries'").get()!.sql;
    old.exec(`ALTER TABLE deliveries RENAME TO d0; ${table.replace(", 'WITHDRAWN'", '')}; INSERT INTO deliveries SELECT * FROM d0; DROP TABLE d0;`);
    expect(old.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'deliveries'").get()!.sql).not.toContain('WITHDRAWN');
    old.close();
    const store = createSqliteIntakeStore(file);
    expect(await store.withdrawIntake(id, 'worker-1', 'wrong person')).toBe(true);
    expect((await store.getIntake(id))?.deliveries.map((d) => [d.system, d.status])).toEqual([['HEALTH_PLATFORM', 'WITHDRAWN']]);
    await store.close();
  });

  it('opens the database in WAL mode with synchronous=FULL and a busy timeout', () => {
    const file = join(dir, 'pragmas.sqlite');
    const db = openIntakeDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    db.close();
    // WAL is a property of the file: every later connection uses it too.
    const plain = new Database(file, { readonly: true });
    expect(plain.pragma('journal_mode', { simple: true })).toBe('wal');
    plain.close();
  });

  it('waits while another process holds the write lock instead of failing, then stores the intake', async () => {
    const file = join(dir, 'locked.sqlite');
    const store = createSqliteIntakeStore(file);
    let locked: () => void = () => {};
    const lockTaken = new Promise<void>((r) => (locked = r));
    const holder = otherProcess(
      `const db = new (require('better-sqlite3'))(${JSON.stringify(file)});
       db.exec('BEGIN IMMEDIATE'); console.log('locked');
       setTimeout(() => { db.exec('COMMIT'); db.close(); }, 400);`,
      { onStdout: () => locked() },
    );
    await lockTaken;
    const started = Date.now();
    const report = newReport();
    expect((await store.createIntake(report.key, report.input)).outcome).toBe('created');
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    await holder;
    await store.close();
  });

  it('never hands one delivery to two processes claiming the same system at once', async () => {
    const file = join(dir, 'two-processes.sqlite');
    const go = `${file}.go`;
    const store = createSqliteIntakeStore(file);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await created(store, newReport({ systems: ['HEALTH_PLATFORM'] })));
    let ready = 0;
    // Both processes start claiming together: each says ready, then waits for the go file.
    const claimer = (name: string) =>
      otherProcess(
        `import { existsSync } from 'node:fs';
        import { createSqliteIntakeStore } from ${JSON.stringify(resolve('platform/intake/sqliteStore'))};
        (async () => {
          const store = createSqliteIntakeStore(${JSON.stringify(file)});
          console.log('ready');
          while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 5));
          const got: string[] = [];
          for (;;) {
            const claims = await store.claimDeliveries('HEALTH_PLATFORM', '${name}', 2, 60000);
            if (claims.length === 0) break;
            await new Promise((r) => setTimeout(r, 10)); // the write to the system, during which the other process claims
            for (const c of claims) { got.push(c.intake.id); await store.completeDelivery(c, 'DELIVERED', []); }
          }
          await store.close();
          console.log(JSON.stringify(got));
        })();`,
        { typescript: true, onStdout: (chunk) => chunk.startsWith('ready') && ++ready === 2 && writeFileSync(go, '') },
      );
    const outputs = await Promise.all([claimer('process-1'), claimer('process-2')]);
    const perProcess = outputs.map((out) => JSON.parse(out.trim().split('\n').pop()!) as string[]);
    expect(perProcess.every((got) => got.length > 0)).toBe(true);
    expect(perProcess.flat().sort()).toEqual([...ids].sort());
    const views = await Promise.all(ids.map((id) => store.getIntake(id)));
    expect(views.map((v) => [v?.deliveries[0].status, v?.deliveries[0].attempts])).toEqual(ids.map(() => ['DELIVERED', 1]));
    await store.close();
  });
});
