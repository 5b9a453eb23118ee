/** The system-record cache a department's settings ask for: none when SYSTEM_CACHE=off, in Redis when REDIS_URL is set, else in memory. */
import type { SystemReadSettings } from '../config';
import type { Registry } from '../metrics/registry';
import { memoryRecordCache } from './memoryStore';
import { systemRecordCache, type SystemRecordCache } from './recordCache';
import { redisRecordCache } from './redisStore';

export interface CacheSetup {
  settings: SystemReadSettings['cache'];
  /** The internal secret (GATEWAY_SUBGRAPH_SECRET) the key-hashing key is derived from. */
  secret: string;
  redisUrl?: string;
  redisPrefix?: string;
  metrics?: Registry;
}

export function createSystemRecordCache({ settings, secret, redisUrl, redisPrefix, metrics }: CacheSetup): SystemRecordCache | undefined {
  if (!settings.enabled) return undefined;
  const store = redisUrl ? redisRecordCache(redisUrl) : memoryRecordCache({ maxEntries: settings.maxEntries, maxBytes: settings.maxBytes });
  return systemRecordCache({ store, ttlMs: settings.ttlMs, secret, prefix: redisPrefix, metrics });
}
