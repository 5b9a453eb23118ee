/**
 * npm run audit:verify
 * Walks the audit log's hash chain from the first record and reports the first broken link
 * (altered, missing or reordered record); exits 1 when the chain is broken, 2 when the store
 * cannot be read. The store is chosen like the services choose it: REDIS_URL (and REDIS_PREFIX)
 * when set, else DATA_DIR/audit.sqlite (DATA_DIR defaults to data).
 */
import { z } from 'zod';
import { auditStoreLocation, createAuditStore } from '../platform/audit';
import { dataDir, loadConfig } from '../platform/config';

async function main(): Promise<number> {
  const env = loadConfig(
    'audit:verify',
    z.object({
      DATA_DIR: dataDir(),
      // Empty counts as unset, as for the intake store.
      REDIS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^rediss?$/ }).optional()),
      REDIS_PREFIX: z.string().min(1).optional(),
    }),
  );
  const config = { dataDir: env.DATA_DIR, redisUrl: env.REDIS_URL, redisPrefix: env.REDIS_PREFIX };
  const where = auditStoreLocation(config);
  const store = createAuditStore(config);
  try {
    const verdict = await store.verify();
    if (verdict.valid) {
      console.log(`audit log at ${where}: ${verdict.records} record(s), chain intact.`);
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
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
