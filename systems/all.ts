/** The stand-ins, for the processes that run them all together (development). */
import { communityRegistryStandIn } from './community-registry/standIn';
import { elderlyDisabilitySubsidyStandIn } from './elderly-disability-subsidy/standIn';
import { healthPlatformStandIn } from './health-platform/standIn';
import { householdRegistrationStandIn } from './household-registration/standIn';
import type { StandInDefinition } from './shared/standIn';
import { socialAssistanceStandIn } from './social-assistance/standIn';
import { socialInsuranceStandIn } from './social-insurance/standIn';

export const ALL_STAND_INS: readonly StandInDefinition[] = [
  communityRegistryStandIn,
  socialAssistanceStandIn,
  elderlyDisabilitySubsidyStandIn,
  socialInsuranceStandIn,
  healthPlatformStandIn,
  householdRegistrationStandIn,
];
