/**
 * The HR & social security department: wraps the social insurance system (pensions, insurance)
 * and writes population changes through to it (pension stop, funeral claim). The platform wires
 * the rest (platform/department).
 */
import { defineDepartment } from '../../platform/department';
import { SocialInsuranceAdapter } from './adapters/social-insurance';
import { socialInsuranceDelivery } from './deliveries/socialInsurance';
import { createHrssLoaders } from './loaders';
import { hrssResolvers } from './resolvers';

export const hrssDepartment = defineDepartment({
  name: 'hrss',
  // The system is rate limited: one more attempt than usual to wait out a 429 within the budget.
  systems: { SOCIAL_INSURANCE: { retries: 3 } },
  adapters: (clients) => ({ socialInsurance: new SocialInsuranceAdapter(clients.SOCIAL_INSURANCE) }),
  loaders: ({ socialInsurance }, caches) => createHrssLoaders(socialInsurance, caches),
  resolvers: hrssResolvers,
  deliveries: ({ socialInsurance }) => [socialInsuranceDelivery(socialInsurance)],
});
