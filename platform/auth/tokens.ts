/**
 * Bearer tokens: HS256 JWTs whose claims carry the caller's role and, for community workers,
 * their community. The gateway verifies them; `npm run -s token` mints development ones.
 * (RS256/ES256 with a JWKS URL for production comes with the security issue.)
 */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { Caller, type Role } from './caller';

export const TOKEN_ISSUER = 'resident-graph';
export const TOKEN_AUDIENCE = 'resident-graph';
/** The development secret: fine on a laptop, refused when NODE_ENV=production (see gateway/config.ts). */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

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

export class TokenError extends Error {}

/** The caller a token names; throws TokenError saying what is wrong (never echoing the token). */
export async function verifyToken(secret: string, token: string): Promise<Caller> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key(secret), { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, algorithms: ['HS256'] }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new TokenError('the token has expired');
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) throw new TokenError('the token signature does not verify');
    if (err instanceof joseErrors.JWTClaimValidationFailed) throw new TokenError(`the token's "${err.claim}" claim is not accepted`);
    throw new TokenError('the token is not a well-formed JWT');
  }
  const caller = Caller.safeParse({ subject: payload.sub, role: payload.role, community: payload.community });
  if (!caller.success) throw new TokenError(`the token's claims are invalid (${caller.error.issues.map((i) => i.path.join('.') || 'claims').join(', ')})`);
  if (caller.data.role === 'community' && !caller.data.community) throw new TokenError('a community role token must carry a "community" claim');
  return caller.data;
}
