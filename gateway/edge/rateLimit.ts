/**
 * The per-caller rate limit: an Apollo Server plugin that, once the operation is parsed and
 * validated and before anything is planned or sent to a subgraph, takes the operation's cost
 * (lookupCost.ts: one per request plus one per resident looked up) from the caller's budget
 * (bucketKey; rate-limiter-flexible, see tokenBucket.ts for how the settings map onto it).
 * Out of budget: HTTP 429, Retry-After, code RATE_LIMITED. When the shared (Redis) budgets cannot
 * be reached, this gateway's own apply instead (the Redis limiter's insurance, and here as a last
 * guard): the limit holds per replica rather than not at all.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { createHash } from 'node:crypto';
import { isIntakeCredential } from '../../platform/auth/intakeCredential';
import type { Logger } from '../../platform/logger';
import type { GatewayContext } from '../context';
import { rateLimited } from './errors';
import { lookupCost } from './lookupCost';
import { memoryTokenBuckets, windowOf, type BucketLimits, type RateLimiter } from './tokenBucket';

/**
 * Whose budget a request spends: a person's or service's token has its own (keyed by subject,
 * wherever it is used from); a community's QR credential is held by everyone who scanned the
 * printed code, so each holder, told apart by client address, has a budget of their own and one
 * holder cannot use up the community's. The address is hashed: bucket keys (in Redis too) hold
 * no client address in clear.
 */
export function bucketKey(ctx: Pick<GatewayContext, 'caller' | 'clientAddress'>): string {
  if (!isIntakeCredential(ctx.caller)) return ctx.caller.subject;
  return `${ctx.caller.subject}@${createHash('sha256').update(ctx.clientAddress).digest('base64url').slice(0, 22)}`;
}

export function rateLimitPlugin(limiter: RateLimiter, limits: BucketLimits, logger: Logger): ApolloServerPlugin<GatewayContext> {
  const fallback = memoryTokenBuckets(limits);
  const take = async (key: string, cost: number) => {
    try {
      return await limiter.take(key, cost);
    } catch (err) {
      logger.warn('shared rate-limit buckets unreachable; using this gateway’s own', { error: err instanceof Error ? err.message : String(err) });
      return fallback.take(key, cost);
    }
  };
  return {
    async serverWillStart() {
      return {
        async serverWillStop() {
          await limiter.close();
        },
      };
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, contextValue }) {
          const cost = lookupCost(schema, document, request.variables ?? {}, operationName);
          const taken = await take(bucketKey(contextValue), cost);
          if (taken.allowed) return;
          const seconds = Math.ceil(taken.retryAfterMs / 1000);
          if (cost > limits.capacity) {
            throw rateLimited(seconds, `this operation costs ${cost} units (one per request and one per resident it looks up), more than the whole budget of ${limits.capacity}; ask for fewer residents at a time.`);
          }
          throw rateLimited(seconds, `this operation costs ${cost} units (one per request and one per resident it looks up) and ${taken.remaining} of the ${limits.capacity}-unit budget are left (the whole budget comes back every ${windowOf(limits).duration} s).`);
        },
      };
    },
  };
}
