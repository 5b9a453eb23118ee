/**
 * The civil-affairs department's subgraph: a resident's social assistance (subsistence
 * allowance, special-hardship support) and subsidies (high-age elderly, disability), read from
 * the social assistance system (REST/JSON) and the subsidy system (SOAP 1.1).
 */
import type { SubgraphConfig } from '../../platform/server/runSubgraph';
import type { SubgraphDefinition } from '../../platform/server/subgraph';
import { SocialAssistanceAdapter } from './adapters/social-assistance';
import { SubsidyAdapter } from './adapters/elderly-disability-subsidy';
import { createCivilAffairsLoaders } from './loaders';
import { resolvers, type CivilAffairsAdapters, type CivilAffairsContext } from './resolvers';

export type { CivilAffairsAdapters, CivilAffairsContext } from './resolvers';

/** The department's adapters, one per system and per process: each client's circuit breaker must see every call. */
export function createCivilAffairsAdapters(config: SubgraphConfig): CivilAffairsAdapters {
  const socialAssistanceUrl = config.systemUrls.SOCIAL_ASSISTANCE;
  const subsidyUrl = config.systemUrls.ELDERLY_DISABILITY_SUBSIDY;
  if (!socialAssistanceUrl) throw new Error('The civil-affairs subgraph needs SOCIAL_ASSISTANCE_URL (the social assistance system base URL).');
  if (!subsidyUrl) throw new Error('The civil-affairs subgraph needs ELDERLY_DISABILITY_SUBSIDY_URL (the subsidy system base URL).');
  return {
    socialAssistance: new SocialAssistanceAdapter({ baseUrl: socialAssistanceUrl, timeoutMs: config.systemTimeoutMs }),
    subsidies: new SubsidyAdapter({ baseUrl: subsidyUrl, timeoutMs: config.systemTimeoutMs }),
  };
}

export function buildCivilAffairsSubgraph(config: SubgraphConfig): SubgraphDefinition<CivilAffairsContext> {
  const adapters = createCivilAffairsAdapters(config);
  return {
    name: 'civil-affairs',
    resolvers,
    context: (base) => ({ ...base, adapters, loaders: createCivilAffairsLoaders(adapters.socialAssistance, adapters.subsidies) }),
  };
}
