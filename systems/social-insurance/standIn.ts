/**
 * Stand-in for the social insurance system (HR & social security): REST/JSON, paginated batch
 * lookups, a shared rate limit (429 + Retry-After), writes de-duplicated by X-Serial-No.
 */
import type { StandInDefinition } from '../shared/standIn';
import { rateLimitFromEnv } from './config';
import type { RateLimitOptions } from './rateLimit';
import { socialInsuranceRoutes } from './routes';
import { SCHEMA_SQL, seedSocialInsurance } from './store';

/**
 * The stand-in with an explicit rate limit (tests); without one it reads
 * SOCIAL_INSURANCE_RATE_LIMIT_PER_SECOND / _BURST when it starts.
 */
export function socialInsuranceStandInWith(rateLimit?: RateLimitOptions): StandInDefinition {
  return {
    system: 'SOCIAL_INSURANCE',
    // A slower legacy system: 120 ms on every answer.
    defaultLatencyMs: 120,
    schemaSql: SCHEMA_SQL,
    seed: seedSocialInsurance,
    routes: (router, ctx) => socialInsuranceRoutes(router, ctx, rateLimit ?? rateLimitFromEnv()),
    errorReply: (res) => {
      res.status(500).json({ code: 'SYSTEM_ERROR', message: 'Internal error in the social insurance system.' });
    },
  };
}

export const socialInsuranceStandIn: StandInDefinition = socialInsuranceStandInWith();
