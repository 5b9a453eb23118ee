/**
 * Stand-in for the community registry (社区实有人口登记): the actual population and housing of
 * the district, who lives where. REST/JSON for reads and single changes, CSV for bulk export and
 * import. It is the home of the change intake: a death or a move is recorded here first.
 *
 * Endpoints (request kinds counted in GET /__admin/stats):
 *   GET  /registry/communities                       communities
 *   GET  /registry/persons?limit=&after=             list    keyset pages in ID-number order
 *   POST /registry/persons/lookup {idNumbers}        lookup  1..200 numbers per call
 *   GET  /registry/persons/:idNumber                 person
 *   GET  /registry/dwellings/:dwellingId             dwelling, with its current occupants
 *   GET  /registry/export.csv?community=             export  RFC 4180 CSV
 *   POST /registry/changes   (Idempotency-Key)       change  write
 *   POST /registry/import    (text/csv)              import  write, keyed by each row's reference
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../../platform/logger';
import type { StandInDefinition } from '../shared/standIn';
import { changeWriter } from './changes';
import { readRoutes } from './readRoutes';
import { registryQueries, SCHEMA_SQL, seedRegistry } from './store';
import { writeRoutes } from './writeRoutes';

function errorReply(res: Response): void {
  res.status(500).json({ error: 'internal', message: 'The registry failed to process the request.' });
}

/**
 * Errors are answered in the registry's JSON style, not as Express's HTML page. Express
 * recognises an error handler by its four parameters, hence the unused `_next`.
 */
function errorHandler(logger: Logger) {
  return (err: { type?: string; message?: string }, _req: Request, res: Response, _next: NextFunction): void => {
    if (err.type === 'entity.parse.failed') res.status(400).json({ error: 'malformed_body', message: 'The request body is not valid JSON.' });
    else if (err.type === 'entity.too.large') res.status(413).json({ error: 'body_too_large', message: 'The request body is larger than the registry accepts.' });
    else {
      logger.error('request failed', { error: err.message });
      errorReply(res);
    }
  };
}

export const communityRegistryStandIn: StandInDefinition = {
  system: 'COMMUNITY_REGISTRY',
  schemaSql: SCHEMA_SQL,
  seed: seedRegistry,
  routes(router, ctx) {
    const queries = registryQueries(ctx.db);
    readRoutes(router, ctx, queries);
    writeRoutes(router, ctx, changeWriter(ctx.db, queries));
    router.use(errorHandler(ctx.logger));
  },
  errorReply,
  bodyParsers: [express.json({ limit: '1mb' }), express.text({ type: 'text/csv', limit: '4mb' })],
};
