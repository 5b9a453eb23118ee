import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSqliteAuditStore } from '../platform/audit';
import { entry } from '../tests/support/auditStoreContract';

const run = (script: string, dataDir: string, env: Record<string, string> = {}) =>
  spawnSync(resolve('node_modules/.bin/tsx'), [resolve(`scripts/${script}.ts`)], { encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, REDIS_URL: '', ...env } });

describe('npm run audit:archive', () => {
  const dir = mkdtempSync(join(tmpdir(), 'archive-audit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps records younger than the retention, and audit:verify still passes', async () => {
    const store = createSqliteAuditStore(join(dir, 'audit.sqlite'));
    await store.append([entry(), entry()]);
    await store.close();
    const archived = run('archiveAudit', dir, { AUDIT_RETENTION_DAYS: '1' });
    expect(archived.stderr).toBe('');
    expect(archived.status).toBe(0);
    expect(archived.stdout).toMatch(/0 record\(s\) appended before .* \(1 days\) moved to 0 archive\(s\)/);
    const verified = run('verifyAudit', dir);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toContain('2 record(s), chain intact');
  }, 60_000);

  it('refuses a retention that is not a whole number of days, naming the setting (exit 2)', () => {
    const refused = run('archiveAudit', dir, { AUDIT_RETENTION_DAYS: '0' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('AUDIT_RETENTION_DAYS');
  }, 60_000);
});
