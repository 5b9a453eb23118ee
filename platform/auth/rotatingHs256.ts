/**
 * HS256 JWTs checked against every secret accepted during a rotation (the current one first,
 * then the previous ones). Only a signature that does not verify moves on to the next secret:
 * the first secret whose signature holds decides, so a token signed with the old secret that
 * has expired is refused as expired, not as wrongly signed.
 */
import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from 'jose';

export async function verifyHs256(keys: readonly Uint8Array[], token: string, options: JWTVerifyOptions): Promise<JWTPayload> {
  let lastError: unknown = new joseErrors.JWSSignatureVerificationFailed();
  for (const key of keys) {
    try {
      return (await jwtVerify(token, key, { ...options, algorithms: ['HS256'] })).payload;
    } catch (err) {
      if (!(err instanceof joseErrors.JWSSignatureVerificationFailed)) throw err;
      lastError = err;
    }
  }
  throw lastError;
}
