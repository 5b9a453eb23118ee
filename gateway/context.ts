/**
 * The gateway's request context: the caller is established from the bearer token before any
 * planning or subgraph call; a request without a valid token stops here with UNAUTHENTICATED.
 */
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import type { Caller } from '../platform/auth/caller';
import { TokenError, verifyToken } from '../platform/auth/tokens';
import { errors } from '../platform/errors';

export interface GatewayContext {
  caller: Caller;
  requestId: string;
}

export async function authenticate(req: Request, jwtSecret: string): Promise<GatewayContext> {
  const header = req.headers.authorization;
  if (!header) throw errors.unauthenticated('the Authorization header is missing');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw errors.unauthenticated('the Authorization header must be "Bearer <token>"');
  try {
    const caller = await verifyToken(jwtSecret, match[1]);
    return { caller, requestId: (req.headers['x-request-id'] as string | undefined) ?? randomUUID() };
  } catch (err) {
    if (err instanceof TokenError) throw errors.unauthenticated(err.message);
    throw err;
  }
}
