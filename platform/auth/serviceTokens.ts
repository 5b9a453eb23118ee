/**
 * Tokens the platform mints for its own services (reconciliation reads the graph through the
 * gateway as one). They are signed with a key derived from the internal secret and carry a
 * service role that no person's token may carry, so a service identity gets exactly what the
 * permission matrix gives that service and a person's role gets nothing more for it.
 */
import { SignJWT } from 'jose';
import { Caller, isServiceRole, type ServiceRole } from './caller';
import { verifyHs256 } from './rotatingHs256';
import { acceptedSecrets, derivedKey, type SecretRing } from './secrets';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, requireBoundedLifetime } from './tokenLifetime';
import { TokenError, tokenError } from './tokenErrors';

export const SERVICE_TOKEN_ISSUER = 'resident-graph-internal';
export const SERVICE_TOKEN_AUDIENCE = 'resident-graph-gateway';
/** A service token's lifetime, in seconds: short, the service mints a new one as it goes. */
export const SERVICE_TOKEN_LIFETIME_S = 300;

export async function mintServiceToken(internalSecret: string, service: ServiceRole, lifetimeSeconds = SERVICE_TOKEN_LIFETIME_S): Promise<string> {
  return new SignJWT({ role: service })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(`service:${service}`)
    .setIssuer(SERVICE_TOKEN_ISSUER)
    .setAudience(SERVICE_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${lifetimeSeconds}s`)
    .sign(derivedKey(internalSecret, 'service-token'));
}

/** A service token signed with a key derived from one of the internal secrets `internalSecrets` accepts (current or previous). */
export async function verifyServiceToken(internalSecrets: string | SecretRing, token: string, maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS): Promise<Caller> {
  let payload;
  try {
    const keys = acceptedSecrets(internalSecrets).map((secret) => derivedKey(secret, 'service-token'));
    payload = await verifyHs256(keys, token, { issuer: SERVICE_TOKEN_ISSUER, audience: SERVICE_TOKEN_AUDIENCE });
    requireBoundedLifetime(payload, maxLifetimeSeconds);
  } catch (err) {
    throw tokenError(err);
  }
  const role = typeof payload.role === 'string' && isServiceRole(payload.role) ? payload.role : null;
  if (!role || payload.sub !== `service:${role}`) throw new TokenError("the service token's claims are invalid (role)");
  return Caller.parse({ subject: payload.sub, role });
}
