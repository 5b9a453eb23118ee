/**
 * The last express error handler of the gateway: a body that is too large or not JSON gets a
 * coded JSON error, anything else a generic one; never a stack trace or a file path (express's
 * default handler prints the stack unless NODE_ENV=production), never the request's content.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../platform/logger';
import { errorBody } from './errors';

interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
  limit?: number;
}

export function edgeErrorHandler(logger: Logger) {
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const e = (err ?? {}) as HttpError;
    const status = e.status ?? e.statusCode ?? 500;
    if (e.type === 'entity.too.large' || status === 413) {
      res.status(413).json(errorBody('PAYLOAD_TOO_LARGE', `The request body is larger than the gateway accepts${e.limit ? ` (${Math.round(e.limit / 1024)} kB)` : ''}; send a smaller operation (use variables, not inlined data).`));
      return;
    }
    if (status >= 400 && status < 500) {
      res.status(status).json(errorBody('BAD_REQUEST', 'The request could not be read: send a JSON GraphQL request ({"query": ..., "variables": ...}) with content-type application/json.'));
      return;
    }
    logger.error('request failed at the edge', { error: err instanceof Error ? err.message : String(err) });
    res.status(500).json({ errors: [{ message: 'Internal error at the gateway; the request id in its logs identifies it.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  };
}
