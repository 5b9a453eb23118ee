/**
 * Stand-in for the social assistance system (civil affairs): subsistence allowance (dibao) and
 * special-hardship support cases, REST/JSON with a batch lookup of up to 100 ID numbers and
 * case terminations that honour an Idempotency-Key header.
 */
import type { StandInDefinition } from '../shared/standIn';
import { socialAssistanceRoutes } from './routes';
import { SCHEMA_SQL, seedCases } from './store';
import { internalError } from './wire';

export const socialAssistanceStandIn: StandInDefinition = {
  system: 'SOCIAL_ASSISTANCE',
  schemaSql: SCHEMA_SQL,
  seed: seedCases,
  routes: socialAssistanceRoutes,
  errorReply: internalError,
};
