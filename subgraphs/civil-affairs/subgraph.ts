/**
 * The civil-affairs department: a resident's social assistance (subsistence allowance,
 * special-hardship support) and subsidies (high-age elderly, disability), read from the social
 * assistance system (REST/JSON) and the subsidy system (SOAP 1.1), and the write-through of
 * population changes to both. The platform wires the rest (platform/department).
 */
import { defineDepartment } from '../../platform/department';
import { SubsidyAdapter } from './adapters/elderly-disability-subsidy';
import { SocialAssistanceAdapter } from './adapters/social-assistance';
import { elderlyDisabilitySubsidyDelivery } from './deliveries/elderlyDisabilitySubsidy';
import { socialAssistanceDelivery } from './deliveries/socialAssistance';
import { createCivilAffairsLoaders, SUBSIDY_CONCURRENCY } from './loaders';
import { resolvers } from './resolvers';

export const civilAffairsDepartment = defineDepartment({
  name: 'civil-affairs',
  systems: { SOCIAL_ASSISTANCE: {}, ELDERLY_DISABILITY_SUBSIDY: { concurrency: SUBSIDY_CONCURRENCY } },
  adapters: (clients) => ({
    socialAssistance: new SocialAssistanceAdapter(clients.SOCIAL_ASSISTANCE),
    subsidies: new SubsidyAdapter(clients.ELDERLY_DISABILITY_SUBSIDY),
  }),
  loaders: ({ socialAssistance, subsidies }, caches) => createCivilAffairsLoaders(socialAssistance, subsidies, caches),
  resolvers,
  deliveries: ({ socialAssistance, subsidies }) => [socialAssistanceDelivery(socialAssistance), elderlyDisabilitySubsidyDelivery(subsidies)],
});
