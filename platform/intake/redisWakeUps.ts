/**
 * Wake-ups of the Redis intake store, each on a connection of its own so that no command of the
 * store ever waits behind a blocked read:
 * - a worker blocks in XREAD on its systems' streams, from the last entry it has seen, and is
 *   woken the moment a delivery is added (a new intake, a confirmation, an operator's retry).
 *   XREAD, not XREADGROUP: a blocking group read would hand the entries to this consumer outside
 *   the claim script, and a crash right after it would leave them delivered to a dead consumer
 *   with no lease to expire; the claim (a lease, an attempt, XREADGROUP inside the script) stays
 *   one atomic step, and the blocking read is only the alarm clock.
 * - the mutation subscribes to the settled channel, which the script ending an intake's last
 *   PENDING delivery PUBLISHes to with the intake's id; one subscription per store instance,
 *   shared by every intake it waits on.
 * A wake-up lost while Redis is away is made up for: after an outage the listeners are called
 * anyway, and the callers keep a fallback poll.
 */
import type Redis from 'ioredis';
import { closeRedis, openRedis } from '../stores/redis';
import type { Unwatch } from './types';

/** How long one blocking read waits before it is sent again (it also notices a silently dead connection). */
const BLOCK_MS = 10_000;
/** After a failed read (Redis away), how long before the next one. */
const RETRY_MS = 1000;
/** Entries read per wake-up: only the newest one's id matters. */
const READ_COUNT = 1000;

export interface RedisWakeUps {
  watchStreams(streams: readonly string[], onDue: () => void): Promise<Unwatch>;
  watchSettled(intakeId: string, onSettled: () => void): Promise<Unwatch>;
  close(): Promise<void>;
}

export function redisWakeUps(redisUrl: string, redis: Redis, settledChannel: string): RedisWakeUps {
  const blockingConnections = new Set<Redis>();
  const waiting = new Map<string, Set<() => void>>();
  let subscriber: Redis | undefined;
  let subscribed: Promise<unknown> | undefined;

  /** The id of each stream's newest entry ('0-0' for an empty or missing stream): what is added after it wakes. */
  async function newestEntries(streams: readonly string[]): Promise<string[]> {
    const newest = await Promise.all(streams.map((stream) => redis.xrevrange(stream, '+', '-', 'COUNT', 1)));
    return newest.map((entries) => entries[0]?.[0] ?? '0-0');
  }

  function subscribe(): Promise<unknown> {
    if (!subscriber) {
      // Subscribed connections take no other command: a connection of its own.
      const connection = openRedis(redisUrl);
      subscriber = connection;
      let connections = 0;
      connection.on('message', (_channel: string, intakeId: string) => waiting.get(intakeId)?.forEach((listener) => listener()));
      // ioredis subscribes again after a reconnection; what settled meanwhile was not heard: everyone looks.
      connection.on('ready', () => {
        if (++connections > 1) for (const listeners of waiting.values()) listeners.forEach((listener) => listener());
      });
    }
    subscribed ??= subscriber.subscribe(settledChannel).catch((err: unknown) => {
      subscribed = undefined;
      throw err;
    });
    return subscribed;
  }

  return {
    async watchStreams(streams, onDue) {
      // Blocking reads last longer than the store's 3 s command timeout: this connection has its own.
      const blocking = openRedis(redisUrl, { commandTimeout: BLOCK_MS + 5000 });
      blockingConnections.add(blocking);
      let watching = true;
      let from = await newestEntries(streams).catch(() => undefined);
      void (async () => {
        while (watching) {
          try {
            from ??= await newestEntries(streams);
            const reply = (await blocking.call('XREAD', 'COUNT', READ_COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', ...streams, ...from)) as [string, [string, string[]][]][] | null;
            if (!reply) continue;
            for (const [stream, entries] of reply) from[streams.indexOf(stream)] = entries[entries.length - 1][0];
            onDue();
          } catch {
            if (!watching) return;
            await new Promise((r) => setTimeout(r, RETRY_MS));
            // Entries added while Redis was away (or the connection broke) were not seen: the worker looks.
            if (watching) onDue();
          }
        }
      })();
      return () => {
        watching = false;
        blockingConnections.delete(blocking);
        blocking.disconnect();
      };
    },

    async watchSettled(intakeId, onSettled) {
      const listeners = waiting.get(intakeId) ?? new Set();
      waiting.set(intakeId, listeners.add(onSettled));
      try {
        await subscribe();
      } catch (err) {
        listeners.delete(onSettled);
        if (listeners.size === 0) waiting.delete(intakeId);
        throw err;
      }
      return () => {
        listeners.delete(onSettled);
        if (listeners.size === 0) waiting.delete(intakeId);
      };
    },

    async close() {
      for (const blocking of blockingConnections) blocking.disconnect();
      blockingConnections.clear();
      waiting.clear();
      if (subscriber) await closeRedis(subscriber);
    },
  };
}
