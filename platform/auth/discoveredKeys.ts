/**
 * An OpenID provider's signing keys, found through its discovery document
 * (<issuer>/.well-known/openid-configuration → jwks_uri) on the first token that needs them, so
 * the gateway may start before the provider does. A failed discovery is retried on the next
 * token; jose caches the key set and refetches it (rate-limited) when a token names a new kid.
 */
import { createRemoteJWKSet, type JWTHeaderParameters, type FlattenedJWSInput, type KeyLike } from 'jose';
import { TokenError } from './tokenErrors';

const DISCOVERY_TIMEOUT_MS = 5000;

type KeySet = ReturnType<typeof createRemoteJWKSet>;

async function discover(issuer: string): Promise<KeySet> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    document = (await res.json()) as typeof document;
  } catch (err) {
    throw new TokenError(`the identity provider's discovery document (${url}) could not be read (${err instanceof Error ? err.message : String(err)}); try again shortly, or check OIDC_ISSUER_URL`);
  }
  // OpenID Connect Discovery 1.0 §4.3: the document must name the very issuer it was fetched for.
  if (document.issuer !== issuer) throw new TokenError(`the identity provider at ${url} names another issuer; check OIDC_ISSUER_URL`);
  if (typeof document.jwks_uri !== 'string' || !/^https?:\/\//.test(document.jwks_uri)) throw new TokenError(`the identity provider's discovery document (${url}) has no jwks_uri`);
  return createRemoteJWKSet(new URL(document.jwks_uri));
}

/** A key-lookup function for jose's jwtVerify over the issuer's published keys. */
export function discoveredKeys(issuer: string): (header: JWTHeaderParameters, token: FlattenedJWSInput) => Promise<KeyLike | Uint8Array> {
  let keySet: Promise<KeySet> | undefined;
  return async (header, token) => {
    keySet ??= discover(issuer).catch((err: unknown) => {
      keySet = undefined;
      throw err;
    });
    return (await keySet)(header, token);
  };
}
