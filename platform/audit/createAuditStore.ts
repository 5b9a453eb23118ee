/**
 * Chooses the audit store the way the intake store is chosen (same variables, same place):
 * Redis when REDIS_URL is set, else the embedded SQLite file DATA_DIR/audit.sqlite.
 */
import { join } from 'node:path';
import { createRedisAuditStore } from './redisStore';
import { createSqliteAuditStore } from './sqliteStore';
import type { AuditStore } from './types';

export interface AuditStoreConfig {
  /** Redis URL (REDIS_URL); empty or absent selects the embedded store. */
  redisUrl?: string;
  /** Folder of the embedded store's file, `audit.sqlite` (DATA_DIR). */
  dataDir: string;
  /** Key prefix in Redis (REDIS_PREFIX). @default "rg:" */
  redisPrefix?: string;
}

/** Where the audit log lives, for a start-up log line (a Redis URL may carry a password: log its host only). */
export function auditStoreLocation(config: AuditStoreConfig): string {
  return config.redisUrl ? `redis://${new URL(config.redisUrl).host}` : join(config.dataDir, 'audit.sqlite');
}

export function createAuditStore(config: AuditStoreConfig): AuditStore {
  return config.redisUrl
    ? createRedisAuditStore(config.redisUrl, config.redisPrefix ? { prefix: config.redisPrefix } : {})
    : createSqliteAuditStore(join(config.dataDir, 'audit.sqlite'));
}
