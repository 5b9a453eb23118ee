/**
 * The platform's internal secret (GATEWAY_SUBGRAPH_SECRET), shared by the gateway, the subgraphs
 * and the platform's own services. Each use gets its own key derived with HKDF, so a key that
 * signs gateway proofs never also seals join keys or signs service tokens.
 */
import { hkdfSync } from 'node:crypto';
import { z } from 'zod';

/** The development secret: fine on a laptop, refused when NODE_ENV=production. */
export const DEVELOPMENT_GATEWAY_SECRET = 'development-only-gateway-subgraph-secret-not-for-production';

/** What a key derived from the internal secret is for. */
export type KeyUse = 'gateway-proof' | 'join-key' | 'join-key-iv' | 'service-token';

const derived = new Map<string, Buffer>();

/** 32 bytes for one use of the secret (cached: derivation runs once per secret and use). */
export function derivedKey(secret: string, use: KeyUse): Buffer {
  const id = `${use}\u0000${secret}`;
  let key = derived.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'resident-graph', use, 32));
    derived.set(id, key);
  }
  return key;
}

/** GATEWAY_SUBGRAPH_SECRET in a service's zod config: at least 32 characters, the development one by default. */
export const gatewaySecretSetting = () => z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_GATEWAY_SECRET);

/** For `.refine` over a service's whole env schema: the public development secret is refused in production. */
export const ownSecretInProduction = (env: Record<string, unknown>): boolean => env.NODE_ENV !== 'production' || env.GATEWAY_SUBGRAPH_SECRET !== DEVELOPMENT_GATEWAY_SECRET;
export const OWN_SECRET_IN_PRODUCTION = {
  path: ['GATEWAY_SUBGRAPH_SECRET'],
  message: 'must be set to a secret of your own, shared by the gateway and every subgraph, when NODE_ENV=production (the development secret is public)',
};
