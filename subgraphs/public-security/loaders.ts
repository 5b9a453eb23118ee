/** Per-request DataLoaders of public security: a list of residents costs one batch query per 100. */
import type DataLoader from 'dataloader';
import { NO_CACHE, type RecordCaches } from '../../platform/cache';
import { batchLoader } from '../../platform/loaders';
import { HOUSEHOLD_REGISTRATION_MAX_BATCH, type HouseholdRegistration, type HouseholdRegistrationAdapter } from './adapters/household-registration';

export interface PublicSecurityLoaders {
  registration: DataLoader<string, HouseholdRegistration | null>;
}

/** `caches`: the system-record cache below the loaders (platform/cache; read-only system: a cancellation shows within SYSTEM_CACHE_TTL_MS). @default none */
export function createPublicSecurityLoaders(householdRegistration: HouseholdRegistrationAdapter, caches: RecordCaches = NO_CACHE): PublicSecurityLoaders {
  return { registration: batchLoader((ids) => householdRegistration.lookupMany(ids), HOUSEHOLD_REGISTRATION_MAX_BATCH, caches.view('HOUSEHOLD_REGISTRATION', 'registration')) };
}
