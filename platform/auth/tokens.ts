/**
 * Bearer tokens: JWTs whose claims carry the caller's role and, for community workers, their
 * community. Development tokens are HS256 with JWT_SECRET (`npm run -s token` mints them); in
 * production an identity provider signs RS256/ES256 tokens whose keys the gateway fetches from
 * its JWKS URL; the platform's own services carry tokens signed with the internal secret
 * (serviceTokens.ts). `createTokenVerifier` accepts each kind with its own key and algorithm only.
 */
import { SignJWT, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { discoveredKeys } from './discoveredKeys';
import { Caller, ROLES, type Role } from './caller';
import { verifyHs256 } from './rotatingHs256';
import { acceptedSecrets, type SecretRing } from './secrets';
import { SERVICE_TOKEN_ISSUER, verifyServiceToken } from './serviceTokens';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, requireBoundedLifetime } from './tokenLifetime';
import { TokenError, tokenError } from './tokenErrors';

export { TokenError } from './tokenErrors';

export const TOKEN_ISSUER = 'resident-graph';
export const TOKEN_AUDIENCE = 'resident-graph';
/** The development secret: fine on a laptop, refused when NODE_ENV=production (see gateway/config.ts). */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';
/** Algorithms accepted from the identity provider's JWKS. */
export const JWKS_ALGORITHMS = ['RS256', 'ES256'] as const;

const key = (secret: string) => new TextEncoder().encode(secret);

export interface MintOptions {
  role: Role;
  community?: string;
  subject?: string;
  /** Lifetime, in jose's notation ('8h', '15m') or seconds. @default '8h' */
  expiresIn?: string | number;
}

export async function mintToken(secret: string, options: MintOptions): Promise<string> {
  const claims: Record<string, unknown> = { role: options.role };
  if (options.community) claims.community = options.community;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject ?? `dev-${options.role}`)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    // jose reads a bare number as an absolute epoch time: make a lifetime in seconds explicit.
    .setExpirationTime(typeof options.expiresIn === 'number' ? `${options.expiresIn}s` : (options.expiresIn ?? '8h'))
    .sign(key(secret));
}

/** The person a verified token's claims name: a department role (never a service role), and a community for community workers. */
export function personFromClaims(payload: JWTPayload): Caller {
  const role = payload.role;
  const caller = Caller.safeParse({ subject: payload.sub, role: typeof role === 'string' && (ROLES as readonly string[]).includes(role) ? role : undefined, community: payload.community });
  if (!caller.success) throw new TokenError(`the token's claims are invalid (${caller.error.issues.map((i) => i.path.join('.') || 'claims').join(', ')})`);
  if (caller.data.role === 'community' && !caller.data.community) throw new TokenError('a community role token must carry a "community" claim');
  return caller.data;
}

/**
 * The caller an HS256 token signed with one of the secrets `secrets` accepts names (JWT_SECRET,
 * and JWT_PREVIOUS_SECRETS during a rotation); throws TokenError saying what is wrong (also when
 * it carries no `exp` or lives longer than `maxLifetimeSeconds`).
 */
export async function verifyToken(secrets: string | SecretRing, token: string, maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS): Promise<Caller> {
  try {
    const payload = await verifyHs256(acceptedSecrets(secrets).map(key), token, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    requireBoundedLifetime(payload, maxLifetimeSeconds);
    return personFromClaims(payload);
  } catch (err) {
    throw tokenError(err);
  }
}

export interface TokenVerifierOptions {
  /** HS256 secret of development tokens and of the platform's own person tokens (JWT_SECRET). */
  jwtSecret: string;
  /** HS256 secrets still accepted during a rotation (JWT_PREVIOUS_SECRETS). @default none */
  jwtPreviousSecrets?: readonly string[];
  /** The identity provider's JWKS URL (JWT_JWKS_URL): RS256/ES256 tokens are accepted when set. */
  jwksUrl?: string;
  /** `iss` of the identity provider's tokens. @default TOKEN_ISSUER */
  jwksIssuer?: string;
  /** `aud` the identity provider's tokens must name. @default TOKEN_AUDIENCE */
  jwksAudience?: string;
  /** The internal secret (GATEWAY_SUBGRAPH_SECRET) service tokens are signed with; without it they are refused. */
  serviceSecret?: string;
  /** Internal secrets still accepted for service tokens during a rotation (GATEWAY_SUBGRAPH_PREVIOUS_SECRETS). @default none */
  servicePreviousSecrets?: readonly string[];
  /** Longest lifetime accepted, of every kind of token (JWT_MAX_LIFETIME_SECONDS). @default DEFAULT_MAX_TOKEN_LIFETIME_SECONDS (31 days) */
  maxLifetimeSeconds?: number;
  /**
   * The OpenID provider the pages sign in with (OIDC_ISSUER_URL): its RS256/ES256 access tokens
   * are accepted when they name it as `iss` and `audience` as `aud`, checked against the keys its
   * discovery document's jwks_uri publishes.
   */
  oidc?: { issuer: string; audience: string };
}

export type TokenVerifier = (token: string) => Promise<Caller>;

/**
 * Verifies every kind of token the gateway accepts, each with its own key and algorithms only:
 * a service token (internal issuer) with the internal secret, an HS256 token with JWT_SECRET, an
 * RS256/ES256 token with the identity provider's published keys. During a rotation the previous
 * HS256 and internal secrets are accepted next to the current ones. Throws TokenError.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  // jose caches the key set and refetches it (rate-limited) when a token names an unknown kid.
  const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : null;
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const oidc = options.oidc ? { ...options.oidc, keys: discoveredKeys(options.oidc.issuer) } : null;
  return async (token) => {
    let alg: string | undefined;
    let issuer: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
      issuer = decodeJwt(token).iss;
    } catch {
      throw new TokenError('the token is not a well-formed JWT');
    }
    if (issuer === SERVICE_TOKEN_ISSUER) {
      if (!options.serviceSecret) throw new TokenError('service tokens are not accepted here');
      return verifyServiceToken({ current: options.serviceSecret, previous: options.servicePreviousSecrets ?? [] }, token, maxLifetime);
    }
    if (alg === 'HS256') return verifyToken({ current: options.jwtSecret, previous: options.jwtPreviousSecrets ?? [] }, token, maxLifetime);
    if (oidc && issuer === oidc.issuer) {
      if (!(JWKS_ALGORITHMS as readonly string[]).includes(alg ?? '')) throw new TokenError("the token's signing algorithm is not accepted");
      try {
        const { payload } = await jwtVerify(token, oidc.keys, { issuer: oidc.issuer, audience: oidc.audience, algorithms: [...JWKS_ALGORITHMS] });
        requireBoundedLifetime(payload, maxLifetime);
        return personFromClaims(payload);
      } catch (err) {
        throw tokenError(err);
      }
    }
    if (!jwks && oidc) throw new TokenError('the token was not issued by the identity provider this gateway accepts; sign in again');
    if (!jwks || !(JWKS_ALGORITHMS as readonly string[]).includes(alg ?? '')) throw new TokenError("the token's signing algorithm is not accepted");
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: options.jwksIssuer ?? TOKEN_ISSUER,
        audience: options.jwksAudience ?? TOKEN_AUDIENCE,
        algorithms: [...JWKS_ALGORITHMS],
      });
      requireBoundedLifetime(payload, maxLifetime);
      return personFromClaims(payload);
    } catch (err) {
      throw tokenError(err);
    }
  };
}
