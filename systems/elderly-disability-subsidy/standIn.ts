/**
 * Stand-in for the elderly and disability subsidy system (civil affairs): high-age elderly
 * subsidies and disability two-subsidies behind a SOAP 1.1 service that reads one person per
 * call and has no idempotency (a second stop of the same subsidy is a Fault).
 */
import type { StandInDefinition } from '../shared/standIn';
import { serverFault, soapBodyParsers, subsidyServiceRoutes } from './routes';
import { SCHEMA_SQL, seedSubsidies } from './store';

export const elderlyDisabilitySubsidyStandIn: StandInDefinition = {
  system: 'ELDERLY_DISABILITY_SUBSIDY',
  schemaSql: SCHEMA_SQL,
  seed: seedSubsidies,
  routes: subsidyServiceRoutes,
  errorReply: serverFault,
  bodyParsers: soapBodyParsers,
  // A legacy SOAP system answers slower than the newer REST ones.
  defaultLatencyMs: 10,
};
