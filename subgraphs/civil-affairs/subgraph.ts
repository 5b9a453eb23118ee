/**
 * The civil-affairs department's subgraph: a resident's social assistance (subsistence
 * allowance, special-hardship support) and subsidies (high-age elderly, disability), read from
 * the social assistance system (REST/JSON) and the subsidy system (SOAP 1.1); and the write-
 * through of population changes to both systems, by one delivery worker over the intake store.
 */
import { departmentWorker } from '../../platform/delivery/startWorker';
import { createAuditStore, withAudit } from '../../platform/audit';
import { createIntakeStore } from '../../platform/intake';
import type { SubgraphConfig } from '../../platform/server/runSubgraph';
import type { SubgraphDefinition } from '../../platform/server/subgraph';
import { SocialAssistanceAdapter } from './adapters/social-assistance';
import { SubsidyAdapter } from './adapters/elderly-disability-subsidy';
import { elderlyDisabilitySubsidyDelivery } from './deliveries/elderlyDisabilitySubsidy';
import { socialAssistanceDelivery } from './deliveries/socialAssistance';
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
  const store = createIntakeStore(config.intakeStore);
  const audit = createAuditStore(config.intakeStore);
  const handlers = [socialAssistanceDelivery(adapters.socialAssistance), elderlyDisabilitySubsidyDelivery(adapters.subsidies)];
  // Every read of a @sensitive field is audited before the answer leaves (fail closed).
  return withAudit(
    {
      name: 'civil-affairs',
      resolvers,
      context: (base) => ({ ...base, adapters, loaders: createCivilAffairsLoaders(adapters.socialAssistance, adapters.subsidies) }),
      background: [departmentWorker('civil-affairs', store, handlers, config)],
      close: () => store.close(),
    },
    audit,
  );
}
