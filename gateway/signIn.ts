/**
 * /signin/config: how the pages sign in. With an OpenID provider configured (OIDC_ISSUER_URL) they
 * sign in there with the authorization code flow and PKCE (web/shared/oidc.ts) and send its
 * access token; the pasted-token box is offered only outside production, behind "advanced".
 * Without one, the pasted token is the pages' only way in, as before.
 */
import { Router } from 'express';
import type { GatewayConfig } from './config';

export interface SignInSettings {
  /** The provider's issuer URL; null: no provider, pasted tokens only. */
  issuer: string | null;
  clientId?: string;
  /** The gateway's resource indicator, sent as `resource` so the access token is for the gateway. */
  resource?: string;
  /** What the pages ask for: openid, profile (the name shown) and the gateway's scope. */
  scope?: string;
  /** Whether the page may also offer a pasted token (development, or no provider). */
  pastedTokens: boolean;
}

export function signInSettings(config: Pick<GatewayConfig, 'oidc' | 'production'>): SignInSettings {
  const { oidc } = config;
  if (!oidc) return { issuer: null, pastedTokens: true };
  return { issuer: oidc.issuer, clientId: oidc.clientId, resource: oidc.audience, scope: `openid profile ${oidc.scope}`, pastedTokens: !config.production };
}

export function signInRouter(config: Pick<GatewayConfig, 'oidc' | 'production'>): Router {
  const settings = signInSettings(config);
  const router = Router();
  router.get('/signin/config', (_req, res) => {
    // A changed provider takes effect on the next page load.
    res.set('Cache-Control', 'no-store').json(settings);
  });
  return router;
}
