/**
 * The gateway's request context: the caller is established from the bearer token before any
 * planning or subgraph call; a request without a valid token stops here with UNAUTHENTICATED.
 * The declared purpose (X-Purpose) and the request id are taken here too, for the subgraphs.
 */
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { Caller } from '../platform/auth/caller';
import { CONTROL_CHARACTERS } from '../domain/populationChange';
import { PURPOSE_HEADER, PURPOSE_MAX_LENGTH, REQUEST_ID_HEADER } from '../platform/auth/gatewayProof';
import { createTokenVerifier, TokenError, type TokenVerifier } from '../platform/auth/tokens';
import { errors } from '../platform/errors';
import type { GatewayConfig } from './config';
import { cachedTokenVerifier } from './tokenCache';

export interface GatewayContext {
  caller: Caller;
  requestId: string;
  /** Why the caller reads personal data (X-Purpose); null when none was declared. */
  purpose: string | null;
  /**
   * The client's address: the connection's peer, or, behind proxies named in TRUST_PROXY, the
   * address they forwarded (Express's req.ip). Tells apart holders of one shared QR credential.
   */
  clientAddress: string;
}

/** Establishes the context of one request, or throws UNAUTHENTICATED (or BAD_USER_INPUT for a bad X-Purpose). */
export type Authenticator = (req: Request) => Promise<GatewayContext>;

/**
 * A client's request id, kept only when it is a short plain token (1-64 letters, digits, `.`,
 * `_`, `-`): it goes into logs and audit records as it is, so anything longer or odder is
 * replaced by an id of our own.
 */
export const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

function requestIdOf(req: Request): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
}

function purposeOf(req: Request): string | null {
  const given = req.headers[PURPOSE_HEADER];
  const purpose = (Array.isArray(given) ? given.join(', ') : (given ?? '')).trim();
  if (purpose.length > PURPOSE_MAX_LENGTH) {
    const message = `must be at most ${PURPOSE_MAX_LENGTH} characters`;
    throw new GraphQLError(`Invalid input: the X-Purpose header ${message}.`, {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 }, fields: [{ path: ['X-Purpose'], rule: 'maxLength', message }] },
    });
  }
  // The purpose goes into every audit record as given: no control or bidi characters that could
  // forge a line of an exported log or hide text from the supervisor reading it.
  if (CONTROL_CHARACTERS.test(purpose)) {
    const message = 'must not contain control characters or bidirectional-text controls';
    throw new GraphQLError(`Invalid input: the X-Purpose header ${message}.`, {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 }, fields: [{ path: ['X-Purpose'], rule: 'controlCharacters', message }] },
    });
  }
  return purpose || null;
}

export function createAuthenticator(
  config: Pick<GatewayConfig, 'jwtSecret' | 'jwtPreviousSecrets' | 'jwksUrl' | 'jwtIssuer' | 'jwtAudience' | 'jwtMaxLifetimeSeconds' | 'gatewaySecret' | 'gatewayPreviousSecrets' | 'oidc' | 'tokenCacheSize'>,
): Authenticator {
  const verifyAfresh: TokenVerifier = createTokenVerifier({
    jwtSecret: config.jwtSecret,
    jwtPreviousSecrets: config.jwtPreviousSecrets,
    servicePreviousSecrets: config.gatewayPreviousSecrets,
    jwksUrl: config.jwksUrl,
    jwksIssuer: config.jwtIssuer,
    jwksAudience: config.jwtAudience,
    serviceSecret: config.gatewaySecret,
    maxLifetimeSeconds: config.jwtMaxLifetimeSeconds,
    oidc: config.oidc ? { issuer: config.oidc.issuer, audience: config.oidc.audience } : undefined,
  });
  // A client sends one token on every request: its signature is checked once (tokenCache.ts).
  const verify = cachedTokenVerifier(verifyAfresh, { maxEntries: config.tokenCacheSize });
  return async (req) => {
    const header = req.headers.authorization;
    if (!header) throw errors.unauthenticated('the Authorization header is missing');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw errors.unauthenticated('the Authorization header must be "Bearer <token>"');
    let caller: Caller;
    try {
      caller = await verify(match[1]);
    } catch (err) {
      if (err instanceof TokenError) throw errors.unauthenticated(err.message);
      throw err;
    }
    return { caller, requestId: requestIdOf(req), purpose: purposeOf(req), clientAddress: req.ip ?? req.socket?.remoteAddress ?? 'unknown' };
  };
}
