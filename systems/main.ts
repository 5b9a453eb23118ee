/**
 * Development (npm start): the five stand-ins in one process, each on its own port with its own
 * SQLite file, admin endpoints and faults, as if separate. They are stand-ins for systems that
 * run elsewhere: sharing one Node process saves some 400 MB on a small machine. Each still has
 * its own entry (systems/<system>/main.ts), which a container or a test runs alone.
 */
import { communityRegistryStandIn } from './community-registry/standIn';
import { elderlyDisabilitySubsidyStandIn } from './elderly-disability-subsidy/standIn';
import { healthPlatformStandIn } from './health-platform/standIn';
import { runStandIns } from './shared/main';
import { socialAssistanceStandIn } from './social-assistance/standIn';
import { socialInsuranceStandIn } from './social-insurance/standIn';

void runStandIns([communityRegistryStandIn, socialAssistanceStandIn, elderlyDisabilitySubsidyStandIn, socialInsuranceStandIn, healthPlatformStandIn]);
