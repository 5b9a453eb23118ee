/**
 * Express middleware in front of a subgraph's /graphql: only POSTs that carry a valid gateway
 * proof over their exact body, used for the first time, get through (401 without one, 403 when
 * stale, forged or replayed; 503 when the replay guard's store cannot say), with a JSON answer
 * and before GraphQL parses anything. The checked caller, purpose and request id are
 * left in `res.locals.gateway` for the request context.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from '../logger';
import { PROOF_HEADER, verifyProof, type GatewayRequest } from './gatewayProof';
import type { ReplayGuard } from './replayGuard';
import type { SecretRing } from './secrets';

export interface GatewayLocals {
  gateway: GatewayRequest;
}

type WithRawBody = Request & { rawBody?: Buffer };

const refuse = (res: Response, status: number, code: string, message: string) => {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
};

/** The subgraph's body limit: above the gateway's own, so whatever the gateway forwards fits. */
const BODY_LIMIT = '1mb';

export interface GatewayOnlyOptions {
  /** This subgraph's name: proofs made for another subgraph are refused. */
  subgraph: string;
  /** Remembers the proofs already used (replayGuard.ts). */
  replayGuard: ReplayGuard;
  now?: () => number;
}

/** `secrets`: the internal secret, or during a rotation the current one and those still accepted. */
export function onlyFromGateway(secrets: string | SecretRing, logger: Logger, { subgraph, replayGuard, now = Date.now }: GatewayOnlyOptions): RequestHandler[] {
  return [
    (req, res, next) => {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        refuse(res, 405, 'METHOD_NOT_ALLOWED', 'Subgraphs answer POST requests from the gateway only.');
      } else if (!req.headers[PROOF_HEADER]) {
        refuse(res, 401, 'UNAUTHENTICATED', 'Subgraphs answer the gateway only: send the query to the gateway.');
      } else next();
    },
    // The proof covers the exact bytes: keep them while parsing.
    express.json({ limit: BODY_LIMIT, verify: (req, _res, buf) => void ((req as WithRawBody).rawBody = buf) }),
    async (req, res, next) => {
      const check = verifyProof(secrets, subgraph, req.headers, (req as WithRawBody).rawBody ?? Buffer.alloc(0), now());
      if (!check.ok) {
        logger.warn('refused a request without a valid gateway proof', { reason: check.reason });
        refuse(res, check.status, check.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', `Subgraphs answer the gateway only: ${check.reason}.`);
        return;
      }
      let first: boolean;
      try {
        first = await replayGuard.firstUse(check.nonce, check.expiresAt);
      } catch (err) {
        logger.error('could not check the gateway proof for replay; refused', { error: err instanceof Error ? err.message : String(err) });
        refuse(res, 503, 'SERVICE_UNAVAILABLE', 'The subgraph cannot check the gateway proof for replay now (its store is unreachable); try again shortly.');
        return;
      }
      if (!first) {
        logger.warn('refused a replayed gateway proof', { requestId: check.requestId });
        refuse(res, 403, 'FORBIDDEN', 'Subgraphs answer the gateway only: this gateway proof was already used (a replayed request).');
        return;
      }
      (res.locals as GatewayLocals).gateway = { caller: check.caller, purpose: check.purpose, requestId: check.requestId };
      next();
    },
  ];
}

/** Body-parser failures (malformed JSON, too large) answered as JSON, not Express's HTML page; four parameters mark an error handler. */
export function jsonErrors(err: { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
  refuse(res, status, status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST', status === 500 ? 'The subgraph failed to read the request.' : 'The request body is not acceptable JSON.');
}
