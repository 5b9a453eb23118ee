/**
 * The HR & social security subgraph: wraps the social insurance system. The adapter and its
 * HttpClient (breaker state, budget) live once per process; loaders are made per request.
 */
import { HttpClient } from '../../platform/http/client';
import type { SubgraphConfig } from '../../platform/server/runSubgraph';
import type { RequestContext, SubgraphDefinition } from '../../platform/server/subgraph';
import { SocialInsuranceAdapter } from './adapters/social-insurance';
import { createHrssLoaders, type HrssLoaders } from './loaders';
import { hrssResolvers } from './resolvers';

export interface HrssContext extends RequestContext {
  loaders: HrssLoaders;
  /** For the department's writes (pension stop, funeral claim). */
  socialInsurance: SocialInsuranceAdapter;
}

export function buildHrssSubgraph(config: SubgraphConfig): SubgraphDefinition<HrssContext> {
  const socialInsurance = new SocialInsuranceAdapter(
    new HttpClient({
      system: 'SOCIAL_INSURANCE',
      baseUrl: config.systemUrls.SOCIAL_INSURANCE!,
      timeoutMs: config.systemTimeoutMs,
      // The system is rate limited: one more attempt than usual to wait out a 429 within the budget.
      retries: 3,
    }),
  );
  return {
    name: 'hrss',
    resolvers: hrssResolvers,
    context: (base) => ({ ...base, loaders: createHrssLoaders(socialInsurance), socialInsurance }),
  };
}
