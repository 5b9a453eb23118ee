/**
 * npm run audit:archive
 * Moves the audit records older than AUDIT_RETENTION_DAYS (default 400) out of the live log into
 * DATA_DIR/audit-archive: one file of records per chunk, each with a checkpoint signed with HMAC
 * (AUDIT_SECRET, else GATEWAY_SUBGRAPH_SECRET; key use 'audit'). `npm run audit:verify` checks
 * the archives and that the live log continues the last one. Exits 1 when the log or the
 * archives do not verify (nothing is removed then), 2 when the store cannot be read or the
 * settings are wrong. The store is chosen like the services choose it (REDIS_URL and REDIS_PREFIX,
 * else DATA_DIR/audit.sqlite); the archives are written under DATA_DIR of the machine running it.
 */
import { join } from 'node:path';
import { archivableLog, archiveOlderThan } from '../platform/audit/archive';
import { auditArchiveSettings, auditLogLocation } from '../platform/audit/config';
import { loadConfig } from '../platform/config';

async function main(): Promise<number> {
  const env = loadConfig('audit:archive', auditLogLocation());
  const settings = auditArchiveSettings();
  const before = new Date(Date.now() - settings.retentionDays * 86_400_000).toISOString();
  const dir = join(env.DATA_DIR, 'audit-archive');
  const log = archivableLog(env);
  try {
    const run = await archiveOlderThan(log, dir, settings.archiveKey, before);
    console.log(`audit log: ${run.records} record(s) appended before ${before} (${settings.retentionDays} days) moved to ${run.archives} archive(s) in ${dir}.`);
    return 0;
  } catch (err) {
    console.error(`audit:archive: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await log.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
