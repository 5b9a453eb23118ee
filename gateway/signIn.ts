/**
 * /signin/config: how the pages sign in. With an OpenID provider configured (OIDC_ISSUER_URL) they
 * sign in there with the authorization code flow and PKCE (web/shared/oidc.ts) and send its
 * access token; the pasted-token box is offered only outside production, behind "advanced".
 * Without one, the pasted token is the pages' only way in, as before.
 */
import { Router } from 'express';
import type { SignInSettings } from '../contract/signInSettings';
import type { GatewayConfig } from './config';

export type { SignInSettings } from '../contract/signInSettings';

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
