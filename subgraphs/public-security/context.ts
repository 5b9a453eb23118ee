/** What the public security resolvers get: the platform's department context over this department's adapters and loaders. */
import type { DepartmentContext } from '../../platform/department';
import type { HouseholdRegistrationAdapter } from './adapters/household-registration';
import type { PublicSecurityLoaders } from './loaders';

export interface PublicSecurityAdapters {
  /** For the loaders and the whole-system read (the change list of cancellations). */
  householdRegistration: HouseholdRegistrationAdapter;
}

export type PublicSecurityContext = DepartmentContext<PublicSecurityAdapters, PublicSecurityLoaders>;
