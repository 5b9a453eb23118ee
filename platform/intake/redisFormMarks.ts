/** The desk's marks on forms (types.ts FormMarks) in Redis: two hashes under the store's prefix. */
import type { Redis } from 'ioredis';
import { acknowledgeScript } from './redisScripts';
import type { FormHandling, FormMarks } from './types';

type WithStore = <T>(run: () => Promise<T>) => Promise<T>;

export function redisFormMarks(redis: Redis, prefix: string, withStore: WithStore): FormMarks {
  const acknowledged = `${prefix}forms:acknowledged`;
  const handled = `${prefix}forms:handled`;
  const pairs = <T>(keys: readonly string[], values: (string | null)[], read: (v: string) => T) =>
    new Map(keys.flatMap((k, i) => (values[i] === null ? [] : [[k, read(values[i] as string)] as [string, T]])));

  return {
    acknowledgeForms: (scope, upTo) => withStore(async () => String(await acknowledgeScript(redis, [acknowledged], [scope, upTo]))),
    acknowledgedUpTo: (scopes) => withStore(async () => (scopes.length === 0 ? new Map() : pairs(scopes, await redis.hmget(acknowledged, ...scopes), (v) => v))),
    markFormsHandled: (ids, handling) =>
      withStore(async () => {
        if (ids.length === 0) return;
        if (handling) await redis.hset(handled, Object.fromEntries(ids.map((id) => [id, JSON.stringify(handling)])));
        else await redis.hdel(handled, ...ids);
      }),
    formHandling: (ids) => withStore(async () => (ids.length === 0 ? new Map() : pairs(ids, await redis.hmget(handled, ...ids), (v) => JSON.parse(v) as FormHandling))),
  };
}
