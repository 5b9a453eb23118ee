/**
 * Every token must end, and not too late: a token without `exp` would be good forever once
 * leaked, and one with a far-off `exp` nearly so. Applied to every kind the gateway accepts
 * (HS256 development tokens and QR credentials, the identity provider's, the service tokens).
 */
import type { JWTPayload } from 'jose';
import { TokenError } from './tokenErrors';

/**
 * The longest lifetime accepted unless configured (JWT_MAX_LIFETIME_SECONDS): 31 days, the
 * longest a QR credential may be given (intakeCredential.ts), well above `npm run token`'s 8 h.
 */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 31 * 24 * 3600;

/**
 * Throws a TokenError when the verified payload has no `exp`, or lives longer than
 * `maxLifetimeSeconds`: from `iat` to `exp`, or from now to `exp` when `iat` is missing.
 */
export function requireBoundedLifetime(payload: JWTPayload, maxLifetimeSeconds: number, now = Date.now()): void {
  if (typeof payload.exp !== 'number') throw new TokenError('the token has no expiry ("exp" claim); every token must carry one');
  const from = typeof payload.iat === 'number' ? payload.iat : Math.floor(now / 1000);
  const lifetime = payload.exp - from;
  if (lifetime > maxLifetimeSeconds) {
    throw new TokenError(`the token lives ${lifetime} seconds, longer than the ${maxLifetimeSeconds} seconds accepted (JWT_MAX_LIFETIME_SECONDS); ask for a shorter-lived token`);
  }
}
