/**
 * Whether npm start runs the embedded identity provider, and how the gateway is pointed at it:
 * outside production, when no other provider is configured (OIDC_ISSUER_URL), so the two README
 * commands still give pages one can sign in to.
 */
import { IDENTITY_PORT_DEFAULT } from './config';

export interface EmbeddedIdentity {
  label: 'identity';
  entry: 'scripts/identity/main.ts';
  /** The provider's issuer URL, as browsers and the gateway reach it. */
  issuer: string;
  /** What the gateway is started with to accept its tokens. */
  gatewayEnv: NodeJS.ProcessEnv;
}

export function embeddedIdentity(env: NodeJS.ProcessEnv): EmbeddedIdentity | null {
  if (env.OIDC_ISSUER_URL || env.NODE_ENV === 'production') return null;
  const issuer = env.IDENTITY_ISSUER?.replace(/\/+$/, '') ?? `http://127.0.0.1:${env.IDENTITY_PORT || IDENTITY_PORT_DEFAULT}`;
  return { label: 'identity', entry: 'scripts/identity/main.ts', issuer, gatewayEnv: { OIDC_ISSUER_URL: issuer } };
}
