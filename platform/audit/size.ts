/**
 * How many bytes the audit log occupies, for the benchmark's bytes-per-resident-read figure:
 * the SQLite file and its WAL (DATA_DIR/audit.sqlite*), or the Redis memory of every audit key
 * under the prefix (MEMORY USAGE, all samples: exact for the index lists, not an estimate).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { closeRedis, openRedis } from '../stores/redis';
import type { AuditStoreConfig } from './createAuditStore';

const fileBytes = (file: string) => {
  try {
    return statSync(file).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
};

export async function auditStoreBytes(config: AuditStoreConfig): Promise<number> {
  if (!config.redisUrl) {
    const file = join(config.dataDir, 'audit.sqlite');
    return fileBytes(file) + fileBytes(`${file}-wal`);
  }
  const redis = openRedis(config.redisUrl);
  try {
    let total = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.redisPrefix ?? 'rg:'}audit:*`, 'COUNT', 1000);
      cursor = next;
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
      for (const [err, bytes] of (await pipeline.exec()) ?? []) {
        if (err) throw err;
        total += Number(bytes ?? 0);
      }
    } while (cursor !== '0');
    return total;
  } finally {
    await closeRedis(redis);
  }
}
