/**
 * Stand-in for the health information platform: HL7 FHIR R4 JSON. Patients carry the citizen
 * ID number as an identifier and their vital status as deceased[x]; family-planning special
 * assistance is an EpisodeOfCare of that programme with the monthly amount in an extension.
 */
import type { StandInDefinition } from '../shared/standIn';
import { operationOutcome, sendFhir } from './fhir';
import { fhirBodyParsers, healthPlatformRoutes } from './routes';
import { SCHEMA_SQL, seedHealthPlatform } from './store';

export const healthPlatformStandIn: StandInDefinition = {
  system: 'HEALTH_PLATFORM',
  schemaSql: SCHEMA_SQL,
  seed: seedHealthPlatform,
  routes: healthPlatformRoutes,
  errorReply: (res) => sendFhir(res, 500, operationOutcome('exception', 'Internal error in the health information platform.')),
  bodyParsers: fhirBodyParsers,
};
