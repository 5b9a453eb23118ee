/** Why a bearer token is refused, in words safe to show (never echoing the token). */
import { errors as joseErrors } from 'jose';

export class TokenError extends Error {}

/** jose's verification failures in words (never echoing the token). */
export function tokenError(err: unknown): TokenError {
  if (err instanceof TokenError) return err;
  if (err instanceof joseErrors.JWTExpired) return new TokenError('the token has expired');
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return new TokenError('the token signature does not verify');
  if (err instanceof joseErrors.JWTClaimValidationFailed) return new TokenError(`the token's "${err.claim}" claim is not accepted`);
  if (err instanceof joseErrors.JWKSNoMatchingKey) return new TokenError("the token's signing key (kid) is not one the identity provider publishes");
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return new TokenError("the token's signing algorithm is not accepted");
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) return new TokenError("the identity provider's keys could not be read");
  return new TokenError('the token is not a well-formed JWT');
}
