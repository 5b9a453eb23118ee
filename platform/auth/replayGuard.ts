/**
 * Each gateway proof is good once. A subgraph remembers the nonce of every proof it accepted
 * until that proof would have expired anyway, and refuses the same proof again: a request
 * captured between the gateway and a subgraph and sent again gets nothing, even inside the
 * proof's validity window. In memory always (one process); also in Redis when REDIS_URL is set,
 * so that the replicas of a subgraph share what they have seen. While Redis cannot be reached,
 * each replica still refuses what it has seen itself: the reads and reports go on, and their own
 * stores decide how to fail (STORE_UNAVAILABLE, AUDIT_UNAVAILABLE), with errors that say so.
 */
import { closeRedis, openRedis } from '../stores/redis';

export interface ReplayGuard {
  /** True the first time `nonce` is offered before `expiresAt` (epoch ms), false on every repeat. */
  firstUse(nonce: string, expiresAt: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The Redis guard could not be asked. The layered guard then relies on this replica's memory;
 * any error that still reaches the subgraph's middleware refuses the request (503, fail closed).
 */
export class ReplayGuardUnavailableError extends Error {
  override readonly name = 'ReplayGuardUnavailableError';
}

/** How often expired nonces are swept out of memory. */
const SWEEP_EVERY_MS = 10_000;

export function memoryReplayGuard(now: () => number = Date.now): ReplayGuard {
  const seen = new Map<string, number>();
  let nextSweep = 0;
  return {
    async firstUse(nonce, expiresAt) {
      const t = now();
      if (t >= nextSweep) {
        for (const [known, until] of seen) if (until <= t) seen.delete(known);
        nextSweep = t + SWEEP_EVERY_MS;
      }
      const until = seen.get(nonce);
      if (until !== undefined && until > t) return false;
      seen.set(nonce, expiresAt);
      return true;
    },
    async close() {
      seen.clear();
    },
  };
}

/** Nonces as keys under `<prefix>proof-nonce:` that expire with their proof (SET NX PX: atomic across replicas). */
export function redisReplayGuard(redisUrl: string, prefix = 'rg:', now: () => number = Date.now): ReplayGuard {
  // A request waits on this before anything else: fail sooner than the stores do.
  const redis = openRedis(redisUrl, { commandTimeout: 1000 });
  return {
    async firstUse(nonce, expiresAt) {
      let answer: string | null;
      try {
        answer = await redis.set(`${prefix}proof-nonce:${nonce}`, '1', 'PX', Math.max(1, expiresAt - now()), 'NX');
      } catch (err) {
        throw new ReplayGuardUnavailableError(`Redis: ${err instanceof Error ? err.message : String(err)}`);
      }
      return answer === 'OK';
    },
    close: () => closeRedis(redis),
  };
}

/** Memory first (this replica), then the shared store; while the shared store is out, memory alone. */
export function layeredReplayGuard(local: ReplayGuard, shared: ReplayGuard, onSharedUnavailable: (err: ReplayGuardUnavailableError) => void): ReplayGuard {
  return {
    async firstUse(nonce, expiresAt) {
      if (!(await local.firstUse(nonce, expiresAt))) return false;
      try {
        return await shared.firstUse(nonce, expiresAt);
      } catch (err) {
        if (!(err instanceof ReplayGuardUnavailableError)) throw err;
        onSharedUnavailable(err);
        return true;
      }
    },
    async close() {
      await Promise.all([local.close(), shared.close()]);
    },
  };
}

export interface ReplayGuardSettings {
  redisUrl?: string;
  redisPrefix?: string;
  /** Told each time Redis could not be asked (the replica then relies on its own memory). */
  onSharedUnavailable?: (err: ReplayGuardUnavailableError) => void;
}

/** Memory, layered with Redis when `redisUrl` is set (replicas share). */
export function createReplayGuard(settings: ReplayGuardSettings = {}): ReplayGuard {
  const local = memoryReplayGuard();
  if (!settings.redisUrl) return local;
  return layeredReplayGuard(local, redisReplayGuard(settings.redisUrl, settings.redisPrefix), settings.onSharedUnavailable ?? (() => undefined));
}
