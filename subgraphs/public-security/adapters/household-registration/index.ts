export { HouseholdRegistrationAdapter } from './executor';
export type { HouseholdRegistrationAdapterOptions } from './executor';
export { MAX_IDS_PER_QUERY as HOUSEHOLD_REGISTRATION_MAX_BATCH } from './description';
export type { Cancellation, ExchangeApp, HouseholdRegistration, RegistrationStatus } from './description';
