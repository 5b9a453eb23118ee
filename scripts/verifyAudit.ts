/**
 * npm run audit:verify [-- --checkpoint <seq>:<hash>]
 * Walks the audit log's hash chain from the first record and reports the first broken link
 * (altered, missing or reordered record); exits 1 when the chain is broken, 2 when the store
 * cannot be read or the arguments are wrong. It prints the last intact record as a checkpoint:
 * kept outside the platform and given back later, it also detects newer records cut off together
 * with the head. The store is chosen like the services choose it: REDIS_URL (and REDIS_PREFIX)
 * when set, else DATA_DIR/audit.sqlite (DATA_DIR defaults to data). It
 * also verifies the archives npm run audit:archive wrote (DATA_DIR/audit-archive): signatures,
 * files, their chain, and that the live log continues the last one.
 */
import { auditStoreLocation, checkpointText, openAuditStore, parseCheckpointText, type AuditCheckpoint } from '../platform/audit';
import { join } from 'node:path';
import { archivableLog, verifyArchivesOf } from '../platform/audit/archive';
import { auditArchiveSettings, auditLogLocation } from '../platform/audit/config';
import { loadConfig } from '../platform/config';

class UsageError extends Error {}

/** `--checkpoint <seq>:<hash>`, as a previous run printed it. */
function checkpointArgument(argv: readonly string[]): AuditCheckpoint | undefined {
  const at = argv.indexOf('--checkpoint');
  if (at === -1) return undefined;
  const parsed = parseCheckpointText(argv[at + 1] ?? '');
  if (parsed.ok) return parsed.checkpoint;
  const problems = parsed.problems.map((p) => `${['checkpoint', ...p.path].join('.')} ${p.message}`).join('; ');
  throw new UsageError(`--checkpoint <seq>:<hash>, as a previous run printed it: ${problems}.`);
}

/** The archives' verdict, printed; false when they do not verify. */
async function verifiedArchives(where: Parameters<typeof archivableLog>[0]): Promise<boolean> {
  const archiveDir = join(where.DATA_DIR, 'audit-archive');
  const log = archivableLog(where);
  try {
    const verdict = await verifyArchivesOf(log, archiveDir, auditArchiveSettings().archiveKey);
    if (!verdict.valid) {
      console.error(`audit archives at ${archiveDir}: BROKEN: ${verdict.reason}.`);
      return false;
    }
    if (verdict.archives > 0) console.log(`audit archives at ${archiveDir}: ${verdict.archives} archive(s), ${verdict.records} record(s), signatures and chain intact, the live log continues them.`);
    return true;
  } finally {
    await log.close();
  }
}

async function main(): Promise<number> {
  const checkpoint = checkpointArgument(process.argv.slice(2));
  const env = loadConfig('audit:verify', auditLogLocation());
  const config = { dataDir: env.DATA_DIR, redisUrl: env.REDIS_URL, redisPrefix: env.REDIS_PREFIX };
  const where = auditStoreLocation(config);
  const store = openAuditStore(config);
  try {
    const verdict = await store.verify(checkpoint);
    if (verdict.valid) {
      const archives = await verifiedArchives(env);
      if (!archives) return 1;
    }
    if (verdict.valid) {
      const against = checkpoint ? `, record ${checkpoint.seq} as the checkpoint says` : '';
      console.log(`audit log at ${where}: ${verdict.records} record(s), chain intact${against}.`);
      if (verdict.lastIntact) console.log(`checkpoint to keep: --checkpoint ${checkpointText(verdict.lastIntact)}`);
      return 0;
    }
    console.error(`audit log at ${where}: BROKEN at record ${verdict.brokenAt}: ${verdict.reason}. ${verdict.records} record(s) before it verify.`);
    return 1;
  } catch (err) {
    console.error(`audit log at ${where} could not be read: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof UsageError ? `audit:verify: ${err.message}` : err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
