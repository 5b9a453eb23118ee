/**
 * Chooses the intake store from the configuration: Redis when a URL is given (several machines,
 * replicas sharing deliveries), else the embedded SQLite file (one machine, nothing to install).
 */
import { join } from 'node:path';
import { createRedisIntakeStore } from './redisStore';
import { createSqliteIntakeStore } from './sqliteStore';
import type { IntakeStore } from './types';

export interface IntakeStoreConfig {
  /** Redis URL (REDIS_URL); empty or absent selects the embedded store. */
  redisUrl?: string;
  /** Folder of the embedded store's file, `intake.sqlite`. */
  dataDir: string;
  /** Key prefix in Redis (REDIS_PREFIX), so several deployments or test runs can share one server. @default "rg:" */
  redisPrefix?: string;
}

export type IntakeStoreMode = { kind: 'redis'; redisUrl: string } | { kind: 'sqlite'; file: string };

export const isRedisMode = (mode: IntakeStoreMode): mode is Extract<IntakeStoreMode, { kind: 'redis' }> => mode.kind === 'redis';

/** Which store a configuration selects (to log at start-up: the URL may carry a password, log only its host). */
export function intakeStoreMode(config: IntakeStoreConfig): IntakeStoreMode {
  return config.redisUrl ? { kind: 'redis', redisUrl: config.redisUrl } : { kind: 'sqlite', file: join(config.dataDir, 'intake.sqlite') };
}

export function createIntakeStore(config: IntakeStoreConfig): IntakeStore {
  const mode = intakeStoreMode(config);
  return isRedisMode(mode) ? createRedisIntakeStore(mode.redisUrl, config.redisPrefix ? { prefix: config.redisPrefix } : {}) : createSqliteIntakeStore(mode.file);
}
