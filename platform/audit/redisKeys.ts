/** The Redis audit log's keys under a prefix (see redisStore.ts), shared with its archiving. */
import type Redis from 'ioredis';
import { EMPTY_HEAD, type ChainHead } from './chain';
import type { AuditRecord } from './types';

export function auditKeys(prefix: string) {
  return {
    head: `${prefix}audit:head`,
    /** The last archived record (npm run audit:archive): the live chain continues from it. */
    base: `${prefix}audit:base`,
    records: `${prefix}audit:records`,
    byTime: `${prefix}audit:by-time`,
    resident: (id: string) => `${prefix}audit:resident:${id}`,
    subject: (subject: string) => `${prefix}audit:subject:${subject}`,
  };
}
export type AuditKeys = ReturnType<typeof auditKeys>;

/** A {seq, hash} hash (the head or the base); `fallback` when absent. */
export async function readLink(redis: Redis, key: string, fallback: ChainHead = EMPTY_HEAD): Promise<ChainHead> {
  const [seq, hash] = await redis.hmget(key, 'seq', 'hash');
  return seq && hash ? { seq: Number(seq), hash } : fallback;
}

/** The records `seqs`, null where one is missing. */
export async function readRecords(redis: Redis, keys: AuditKeys, seqs: readonly number[]): Promise<Array<AuditRecord | null>> {
  if (seqs.length === 0) return [];
  const json = await redis.hmget(keys.records, ...seqs.map(String));
  return json.map((j) => (j === null ? null : (JSON.parse(j) as AuditRecord)));
}
