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
export type KeyUse = 'gateway-proof' | 'join-key' | 'join-key-iv' | 'service-token' | 'system-cache' | 'audit';

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

/**
 * The secrets of one kind a service holds during a rotation: the current one signs and seals;
 * the current one and each previous one are accepted when verifying and opening, so what was
 * signed with the old secret (or, while the gateway switches, with the new one) still holds.
 */
export interface SecretRing {
  readonly current: string;
  readonly previous: readonly string[];
}

/** Every secret `secrets` accepts, the current one first (a plain string: that one alone). */
export function acceptedSecrets(secrets: string | SecretRing): readonly string[] {
  return typeof secrets === 'string' ? [secrets] : [secrets.current, ...secrets.previous.filter((s) => s !== secrets.current)];
}

/**
 * `<NAME>_PREVIOUS_SECRETS` in a service's zod config: secrets still accepted during a rotation,
 * comma-separated, each at least 32 characters; unset or empty: none. The messages count the
 * secrets, never show them.
 */
export const previousSecretsSetting = () =>
  z
    .string()
    .optional()
    .transform((v, ctx): string[] => {
      const list = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      list.forEach((s, i) => {
        if (s.length < 32) ctx.addIssue({ code: 'custom', message: `secret ${i + 1} of ${list.length} is shorter than 32 characters; every secret accepted must be at least 32 characters` });
      });
      return list;
    });

/**
 * For `.superRefine` over a service's whole parsed env: when NODE_ENV=production, the public
 * development secret is refused as the current secret (`variable`) and in its list of previous
 * secrets (`previousVariable`, already parsed by previousSecretsSetting), naming the variable that
 * holds it. `who` completes "must be set to a secret of your own…" (e.g. who must share it).
 */
export function refuseDevelopmentSecret(variable: string, previousVariable: string, developmentSecret: string, who: string) {
  return (env: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (env.NODE_ENV !== 'production') return;
    if (env[variable] === developmentSecret) ctx.addIssue({ code: 'custom', path: [variable], message: `must be set to a secret of your own${who} when NODE_ENV=production (the development secret is public)` });
    const previous = env[previousVariable];
    if (Array.isArray(previous) && previous.includes(developmentSecret)) {
      ctx.addIssue({ code: 'custom', path: [previousVariable], message: 'must not hold the public development secret when NODE_ENV=production; a previous secret is accepted like the current one' });
    }
  };
}

/** GATEWAY_SUBGRAPH_SECRET and GATEWAY_SUBGRAPH_PREVIOUS_SECRETS in production: never the development secret. */
export const ownGatewaySecretInProduction = refuseDevelopmentSecret('GATEWAY_SUBGRAPH_SECRET', 'GATEWAY_SUBGRAPH_PREVIOUS_SECRETS', DEVELOPMENT_GATEWAY_SECRET, ', shared by the gateway and every subgraph,');
