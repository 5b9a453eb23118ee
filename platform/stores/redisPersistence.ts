/**
 * At start-up in Redis mode: is the Redis server configured so that an intake it acknowledged
 * survives a crash and is never evicted? A report answered "received" must not vanish with a
 * restart (no append-only file: RDB snapshots lose the last minutes; appendfsync everysec loses up
 * to a second) or under memory pressure (any maxmemory-policy but noeviction may drop its keys).
 * Production refuses to start on such a server; development warns once per process and server.
 */
import type Redis from 'ioredis';
import type { Logger } from '../logger';
import { closeRedis, openRedis } from './redis';

/** The settings that decide durability; `undefined` when the server does not tell (INFO gives no appendfsync). */
export interface RedisPersistence {
  appendonly?: string;
  appendfsync?: string;
  save?: string;
  maxmemoryPolicy?: string;
}

/** One setting to change: its name, what the server has, what to set. */
export interface PersistenceFinding {
  setting: 'appendonly' | 'appendfsync' | 'maxmemory-policy';
  value: string;
  fix: string;
  /** Acknowledged intakes can be lost (refused in production); else a window of loss worth a warning. */
  losesIntakes: boolean;
}

export class RedisPersistenceError extends Error {
  readonly code = 'REDIS_NOT_DURABLE';
  constructor(readonly findings: readonly PersistenceFinding[]) {
    super(
      `Redis would lose acknowledged intakes; set in redis.conf (or with CONFIG SET, then CONFIG REWRITE) and restart: ${findings
        .map((f) => `${f.setting} is "${f.value}": set "${f.fix}"`)
        .join('; ')}`,
    );
  }
}

export class RedisPersistenceUncheckedError extends Error {
  readonly code = 'REDIS_PERSISTENCE_UNCHECKED';
  constructor(reason: string) {
    super(`Could not read Redis's persistence settings (${reason}); start Redis (or let this service run CONFIG GET or INFO) before this service`);
  }
}

/** Reads the settings with CONFIG GET; a server with CONFIG disabled or renamed answers INFO. */
export async function readPersistence(redis: Redis): Promise<RedisPersistence> {
  try {
    const pairs = (await redis.call('CONFIG', 'GET', 'appendonly', 'appendfsync', 'save', 'maxmemory-policy')) as string[];
    const value = (name: string) => {
      const at = pairs.indexOf(name);
      return at >= 0 && at % 2 === 0 ? pairs[at + 1] : undefined;
    };
    return { appendonly: value('appendonly'), appendfsync: value('appendfsync'), save: value('save'), maxmemoryPolicy: value('maxmemory-policy') };
  } catch (err) {
    if (!(err instanceof Error) || err.name !== 'ReplyError') throw err;
    return fromInfo(`${await redis.info('persistence')}\n${await redis.info('memory')}`);
  }
}

function fromInfo(info: string): RedisPersistence {
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
  const aof = field('aof_enabled');
  return { appendonly: aof === undefined ? undefined : aof === '1' ? 'yes' : 'no', maxmemoryPolicy: field('maxmemory_policy') };
}

/** What to change so that no acknowledged intake is lost; empty when the server is fine. */
export function persistenceFindings(p: RedisPersistence): PersistenceFinding[] {
  const findings: PersistenceFinding[] = [];
  if (p.appendonly !== 'yes') {
    const value = p.save ? `${p.appendonly ?? 'unknown'} (RDB snapshots only: save "${p.save}")` : (p.appendonly ?? 'unknown');
    findings.push({ setting: 'appendonly', value, fix: 'appendonly yes', losesIntakes: true });
  } else if (p.appendfsync !== undefined && p.appendfsync !== 'always') {
    // everysec: at most a second of writes; no: whatever the OS had not flushed (tens of seconds).
    findings.push({ setting: 'appendfsync', value: p.appendfsync, fix: 'appendfsync always', losesIntakes: p.appendfsync !== 'everysec' });
  }
  if (p.maxmemoryPolicy !== 'noeviction') findings.push({ setting: 'maxmemory-policy', value: p.maxmemoryPolicy ?? 'unknown', fix: 'maxmemory-policy noeviction', losesIntakes: true });
  return findings;
}

// Development warns once per process and server, however many departments the process serves.
const warned = new Set<string>();

/**
 * Checks the Redis at `redisUrl` before a service that keeps intakes there starts. Production:
 * throws RedisPersistenceError when acknowledged intakes could be lost (or
 * RedisPersistenceUncheckedError when the settings cannot be read); a shorter window of loss
 * (appendfsync everysec) is a warning. Development: one warning, and the service starts.
 */
export async function checkRedisPersistence(redisUrl: string, options: { production: boolean; logger: Logger }): Promise<void> {
  const { production, logger } = options;
  const redis = openRedis(redisUrl);
  let findings: PersistenceFinding[];
  try {
    findings = persistenceFindings(await readPersistence(redis));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (production) throw new RedisPersistenceUncheckedError(reason);
    logger.warn("Redis's persistence settings could not be read; intakes may not survive a Redis restart", { reason });
    return;
  } finally {
    await closeRedis(redis);
  }
  const fatal = findings.filter((f) => f.losesIntakes);
  if (production && fatal.length) throw new RedisPersistenceError(fatal);
  if (!findings.length || warned.has(redisUrl)) return;
  warned.add(redisUrl);
  logger.warn(production ? 'Redis may lose up to a second of acknowledged intakes on a crash' : 'Redis would lose acknowledged intakes (refused in production)', {
    findings: findings.map((f) => `${f.setting} is "${f.value}": set "${f.fix}"`),
  });
}
