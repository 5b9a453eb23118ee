import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteAuditStore } from '../platform/audit';
import { entry } from '../tests/support/auditStoreContract';

const verify = (dataDir: string) => spawnSync(resolve('node_modules/.bin/tsx'), [resolve('scripts/verifyAudit.ts')], { encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, REDIS_URL: '' } });

describe('npm run audit:verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-audit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says the chain is intact and exits 0, then names the first broken record and exits 1 once one is altered', async () => {
    const store = createSqliteAuditStore(join(dir, 'audit.sqlite'));
    await store.append([entry(), entry(), entry(), entry()]);
    await store.close();
    const intact = verify(dir);
    expect(intact.status).toBe(0);
    expect(intact.stdout).toMatch(/4 record\(s\), chain intact/);

    const db = new Database(join(dir, 'audit.sqlite'));
    db.exec("DROP TRIGGER audit_record_no_update; UPDATE audit_record SET purpose = 'something else' WHERE seq = 3;");
    db.close();
    const broken = verify(dir);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/BROKEN at record 3: record 3 was altered/);
    // The message names records, never whose they are.
    expect(broken.stderr + broken.stdout).not.toContain(entry().reads[0].residentId!);
  }, 30_000);
});
