/**
 * Chooses the audit store the way the intake store is chosen (same variables, same place):
 * Redis when REDIS_URL is set, else the embedded SQLite file DATA_DIR/audit.sqlite; none with
 * AUDIT_LOG=off (so a benchmark can measure what the audit costs; refused in production).
 */
import { join } from 'node:path';
import { auditLogEnabled } from './config';
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

/** What AUDIT_LOG=off gives: a store that records nothing (withAudit then adds no plugin at all). */
const AUDIT_OFF: AuditStore = {
  off: true,
  append: async () => [],
  query: async () => [],
  verify: async () => ({ valid: true, records: 0, brokenAt: null, reason: null, lastIntact: null }),
  close: async () => {},
};

/** The services' audit store: AUDIT_LOG of `env` decides whether there is one. */
export function createAuditStore(config: AuditStoreConfig, env?: NodeJS.ProcessEnv): AuditStore {
  return auditLogEnabled(env) ? openAuditStore(config) : AUDIT_OFF;
}

/** The audit log itself, whatever AUDIT_LOG says (audit:verify and audit:archive read what was recorded). */
export function openAuditStore(config: AuditStoreConfig): AuditStore {
  return config.redisUrl
    ? createRedisAuditStore(config.redisUrl, config.redisPrefix ? { prefix: config.redisPrefix } : {})
    : createSqliteAuditStore(join(config.dataDir, 'audit.sqlite'));
}
