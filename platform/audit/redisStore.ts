/**
 * The scaled audit log: Redis, shared by every replica. The SHA-256 chain is computed here (Lua
 * in Redis has no SHA-256); the append itself is one Lua script that checks the head is still the
 * one the records were chained to and, only then, stores them and moves the head, atomically. A
 * replica that lost the race gets the new head back and chains again, so the chain never forks.
 *
 * Appends are group-committed: what queues while one batch runs goes in the next, one script call.
 *
 * Keys (under the prefix): audit:head (hash: seq, hash), audit:records (hash: seq -> record JSON,
 * its reads grouped), audit:by-time (zset of seqs scored by epoch ms), audit:resident:<id> (the
 * resident index: seqs of the records that read them) and audit:subject:<subject> (lists of seqs,
 * oldest first) for the supervision queries. The index is not hashed; it is derived from the reads.
 */
import type Redis from 'ioredis';
import { closeRedis, openRedis } from '../stores/redis';
import { chainVerifier, residentsOf, seal, type ChainHead } from './chain';
import { auditKeys, readLink, readRecords } from './redisKeys';
import { groupCommit } from './groupCommit';
import { AuditUnavailableError, type AuditEntry, type AuditFilter, type AuditRecord, type AuditStore } from './types';

export interface RedisAuditStoreOptions {
  /**
   * Prepended to every key, so several deployments (or test runs) share one Redis. In a Redis
   * Cluster use a hash tag, e.g. "{rg}:", so the script's keys share a slot.
   * @default "rg:"
   */
  prefix?: string;
}

/**
 * One batch of records (group commit: every request that queued while the last batch ran).
 * KEYS: head, records, by-time, then per record its subject index and its residents' indexes.
 * ARGV: expected head seq, expected head hash, epoch ms, new head seq, new head hash, then per
 * record (seq, record JSON, number of residents). Returns {'appended'} or {'moved', seq, hash}.
 */
const APPEND = `
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
local hash = redis.call('HGET', KEYS[1], 'hash') or ARGV[2]
if seq ~= tonumber(ARGV[1]) or (seq > 0 and hash ~= ARGV[2]) then return {'moved', tostring(seq), hash} end
local a, k = 6, 4
while a <= #ARGV do
  local s, json, n = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2])
  if redis.call('HSETNX', KEYS[2], s, json) == 0 then return redis.error_reply('ERR audit record ' .. s .. ' exists already') end
  redis.call('ZADD', KEYS[3], ARGV[3], s)
  redis.call('RPUSH', KEYS[k], s)
  for i = 1, n do redis.call('RPUSH', KEYS[k + i], s) end
  a, k = a + 3, k + 1 + n
end
redis.call('HSET', KEYS[1], 'seq', ARGV[4], 'hash', ARGV[5])
return {'appended'}
`;

type AppendReply = ['appended'] | ['moved', string, string];
interface AuditRedis extends Redis {
  auditAppend(numKeys: number, ...keysAndArgs: (string | number)[]): Promise<AppendReply>;
}

// Reply errors that mean "Redis cannot take the write now" rather than "the command is wrong".
const UNAVAILABLE_REPLY = /^(OOM|READONLY|LOADING|MASTERDOWN|BUSY|NOREPLICAS|CLUSTERDOWN|TRYAGAIN)\b/;
function unavailable(err: unknown): unknown {
  if (!(err instanceof Error) || err instanceof TypeError || err instanceof SyntaxError || err instanceof RangeError) return err;
  if (err.name === 'ReplyError' && !UNAVAILABLE_REPLY.test(err.message)) return err;
  return new AuditUnavailableError(`Redis: ${err.message}`);
}

// Many replicas appending at once each lose a race now and then; this many in a row means trouble.
const MAX_RACES = 50;
const PAGE = 500;

/** The audit log on Redis at `redisUrl` (redis://host:port/db). */
export function createRedisAuditStore(redisUrl: string, options: RedisAuditStoreOptions = {}): AuditStore {
  const prefix = options.prefix ?? 'rg:';
  const redis = openRedis(redisUrl) as AuditRedis;
  redis.defineCommand('auditAppend', { lua: APPEND });

  const key = auditKeys(prefix);

  async function withStore<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw unavailable(err);
    }
  }

  // The head falls back to the base: after an archive of every record, the chain is the base.
  const readHead = async (): Promise<ChainHead> => readLink(redis, key.head, await readLink(redis, key.base));
  const records = (seqs: readonly number[]) => readRecords(redis, key, seqs);

  const matches = (r: AuditRecord, f: AuditFilter) =>
    (f.residentId === undefined || residentsOf(r).includes(f.residentId)) &&
    (f.subject === undefined || r.subject === f.subject) &&
    (f.from === undefined || r.at >= f.from) &&
    (f.to === undefined || r.at <= f.to);

  /** The seqs that may match, newest first, from the most selective index the filter allows. */
  async function candidates(f: AuditFilter): Promise<number[]> {
    let seqs: string[];
    if (f.residentId !== undefined) seqs = await redis.lrange(key.resident(f.residentId), 0, -1);
    else if (f.subject !== undefined) seqs = await redis.lrange(key.subject(f.subject), 0, -1);
    else seqs = await redis.zrangebyscore(key.byTime, f.from ? Date.parse(f.from) : '-inf', f.to ? Date.parse(f.to) : '+inf');
    return seqs.map(Number).sort((a, b) => b - a);
  }

  /** One script call for the whole batch; the records of each request stay consecutive. */
  const commitBatch = (batch: AuditEntry[][]) =>
    withStore(async () => {
      let head = await readHead();
      for (let race = 0; race < MAX_RACES; race++) {
        const at = new Date();
        let prev = head;
        const sealed = batch.map((entries) => {
          const records = seal(prev, entries, at.toISOString());
          prev = records[records.length - 1] ?? prev;
          return records;
        });
        const all = sealed.flat();
        const keys = [key.head, key.records, key.byTime, ...all.flatMap((r) => [key.subject(r.subject), ...residentsOf(r).map(key.resident)])];
        const args = [head.seq, head.hash, at.getTime(), prev.seq, prev.hash, ...all.flatMap((r) => [r.seq, JSON.stringify(r), residentsOf(r).length])];
        const reply = await redis.auditAppend(keys.length, ...keys, ...args);
        if (reply[0] === 'appended') return sealed;
        head = { seq: Number(reply[1]), hash: reply[2] };
      }
      throw new AuditUnavailableError(`Redis: the head kept moving for ${MAX_RACES} attempts`);
    });
  const group = groupCommit<AuditEntry[], AuditRecord[]>(commitBatch);

  return {
    append: (entries) => (entries.length === 0 ? Promise.resolve([]) : group.submit([...entries])),

    query: (filter) =>
      withStore(async () => {
        const limit = filter.limit ?? 100;
        const seqs = await candidates(filter);
        const found: AuditRecord[] = [];
        for (let i = 0; i < seqs.length && found.length < limit; i += PAGE) {
          for (const r of await records(seqs.slice(i, i + PAGE))) if (r && matches(r, filter) && found.length < limit) found.push(r);
        }
        return found;
      }),

    verify: (checkpoint) =>
      withStore(async () => {
        const base = await readLink(redis, key.base);
        const head = await readHead();
        const verifier = chainVerifier(checkpoint, base);
        for (let from = base.seq + 1; from <= head.seq; from += PAGE) {
          const seqs = Array.from({ length: Math.min(PAGE, head.seq - from + 1) }, (_, i) => from + i);
          const broken = verifier.check(await records(seqs));
          if (broken) return broken;
        }
        return verifier.done(head.seq);
      }),

    close: async () => {
      await group.idle();
      await closeRedis(redis);
    },
  };
}
