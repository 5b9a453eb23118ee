/** Per-request DataLoaders of public security: a list of residents costs one batch query per 100. */
import type DataLoader from 'dataloader';
import { batchLoader } from '../../platform/loaders';
import { HOUSEHOLD_REGISTRATION_MAX_BATCH, type HouseholdRegistration, type HouseholdRegistrationAdapter } from './adapters/household-registration';

export interface PublicSecurityLoaders {
  registration: DataLoader<string, HouseholdRegistration | null>;
}

export function createPublicSecurityLoaders(householdRegistration: HouseholdRegistrationAdapter): PublicSecurityLoaders {
  return { registration: batchLoader((ids) => householdRegistration.lookupMany(ids), HOUSEHOLD_REGISTRATION_MAX_BATCH) };
}
