/**
 * The public security department: wraps the household registration system (户籍), reached through
 * the district's data-sharing exchange with signed requests. Read-only: it declares no delivery
 * (registrations are cancelled by the police, not by a community's report). The platform wires
 * the rest (platform/department).
 */
import { defineDepartment } from '../../platform/department';
import { HouseholdRegistrationAdapter, type ExchangeApp } from './adapters/household-registration';
import { createPublicSecurityLoaders } from './loaders';
import { publicSecurityResolvers } from './resolvers';

/** @param app the application the platform is registered as on the exchange (subgraphs/public-security/config.ts reads it). */
export function publicSecurityDepartment(app: ExchangeApp) {
  return defineDepartment({
    name: 'public-security',
    systems: { HOUSEHOLD_REGISTRATION: {} },
    adapters: (clients) => ({ householdRegistration: new HouseholdRegistrationAdapter(clients.HOUSEHOLD_REGISTRATION, app) }),
    loaders: ({ householdRegistration }, caches) => createPublicSecurityLoaders(householdRegistration, caches),
    resolvers: publicSecurityResolvers,
    deliveries: () => [],
  });
}
