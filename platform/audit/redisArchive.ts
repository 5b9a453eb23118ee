/**
 * The Redis audit log for archiving (archive.ts): the base in audit:base, and the removal of
 * archived records with their entries in the resident, subject and time indexes in one MULTI, so
 * a reader sees the records and their index entries go together. LREM by value, not a trim: a
 * removal run twice (a run cut short and finished) removes nothing more.
 */
import { closeRedis, openRedis } from '../stores/redis';
import type { ArchivableLog } from './archivableLog';
import { residentsOf } from './chain';
import { auditKeys, readLink, readRecords } from './redisKeys';

const PAGE = 500;

export function redisArchivableLog(redisUrl: string, prefix = 'rg:'): ArchivableLog {
  const redis = openRedis(redisUrl);
  const key = auditKeys(prefix);
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  return {
    base: () => readLink(redis, key.base),
    async olderThan(after, before, limit) {
      const found = [];
      for (const r of await readRecords(redis, key, range(after + 1, after + limit))) {
        if (!r || r.at >= before) break;
        found.push(r);
      }
      return found;
    },
    async dropThrough(through) {
      const base = await readLink(redis, key.base);
      for (let from = base.seq + 1; from <= through.seq; from += PAGE) {
        const seqs = range(from, Math.min(through.seq, from + PAGE - 1));
        const records = await readRecords(redis, key, seqs);
        const multi = redis.multi();
        for (const r of records) {
          if (!r) continue;
          for (const resident of residentsOf(r)) multi.lrem(key.resident(resident), 0, String(r.seq));
          multi.lrem(key.subject(r.subject), 0, String(r.seq));
        }
        multi.zrem(key.byTime, ...seqs.map(String));
        multi.hdel(key.records, ...seqs.map(String));
        // The base moves with each page: a run cut short leaves a base that matches what is gone.
        const last = records[records.length - 1];
        if (last) multi.hset(key.base, { seq: String(last.seq), hash: last.hash });
        await multi.exec();
      }
      await redis.hset(key.base, { seq: String(through.seq), hash: through.hash });
    },
    close: () => closeRedis(redis),
  };
}
