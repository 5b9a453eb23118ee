/**
 * The gateway's sign-in settings: OIDC_* parsed and checked (https in production), served to the
 * pages at /signin/config, the provider's origin let through the pages' Content-Security-Policy,
 * and the gateway's authenticator taking the provider's access tokens as configured.
 */
import type { Request } from 'express';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen } from '../platform/server/listen';
import { gatewayConfig } from './config';
import { createAuthenticator } from './context';
import { pagesRouter } from './pages';
import { signInRouter, signInSettings } from './signIn';

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'a-production-jwt-secret-of-enough-length', GATEWAY_SUBGRAPH_SECRET: 'our-own-internal-secret-of-enough-length' };

describe('OIDC settings', () => {
  it('has none unless OIDC_ISSUER_URL is set: pasted tokens only', () => {
    const config = gatewayConfig({ NODE_ENV: 'test' });
    expect(config.oidc).toBeUndefined();
    expect(signInSettings(config)).toEqual({ issuer: null, pastedTokens: true });
  });

  it("defaults the client, audience and scope to the embedded provider's, and keeps the issuer exactly as given", () => {
    const config = gatewayConfig({ NODE_ENV: 'test', OIDC_ISSUER_URL: 'https://idp.example.test/realms/xindu/' });
    expect(config.oidc).toEqual({ issuer: 'https://idp.example.test/realms/xindu/', clientId: 'resident-graph-pages', audience: 'urn:resident-graph:gateway', scope: 'resident-graph' });
    expect(signInSettings(config)).toEqual({
      issuer: 'https://idp.example.test/realms/xindu/',
      clientId: 'resident-graph-pages',
      resource: 'urn:resident-graph:gateway',
      scope: 'openid profile resident-graph',
      pastedTokens: true,
    });
  });

  it('takes the district provider\'s own client, audience and scope, and offers no pasted token in production', () => {
    const config = gatewayConfig({ ...PRODUCTION, OIDC_ISSUER_URL: 'https://sso.xindu.gov.cn', OIDC_CLIENT_ID: 'rk-pages', OIDC_AUDIENCE: 'https://rk.xindu.gov.cn/graphql', OIDC_SCOPE: 'rk.graph' });
    expect(signInSettings(config)).toEqual({ issuer: 'https://sso.xindu.gov.cn', clientId: 'rk-pages', resource: 'https://rk.xindu.gov.cn/graphql', scope: 'openid profile rk.graph', pastedTokens: false });
  });

  it('refuses a clear-text issuer in production, a non-URL issuer, and a scope with spaces, naming the variable', () => {
    expect(() => gatewayConfig({ ...PRODUCTION, OIDC_ISSUER_URL: 'http://sso.xindu.gov.cn' })).toThrow(/OIDC_ISSUER_URL[\s\S]*https:\/\/ URL in production|https:\/\/ URL in production[\s\S]*OIDC_ISSUER_URL/);
    expect(() => gatewayConfig({ NODE_ENV: 'test', OIDC_ISSUER_URL: 'sso.xindu.gov.cn' })).toThrow('OIDC_ISSUER_URL');
    expect(() => gatewayConfig({ NODE_ENV: 'test', OIDC_ISSUER_URL: 'https://sso.example.test', OIDC_SCOPE: 'a b' })).toThrow('one scope token');
  });
});

describe('/signin/config and the pages', () => {
  it("answers the settings, uncached, and lets the pages reach the provider's origin only", async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'signin-pages-'));
    writeFileSync(join(webDir, 'desk.html'), '<!doctype html><title>desk</title>');
    const config = gatewayConfig({ NODE_ENV: 'test', OIDC_ISSUER_URL: 'https://idp.example.test/realms/xindu' });
    const app = express();
    app.use(signInRouter(config));
    app.use(pagesRouter({ jwtSecret: config.jwtSecret, authenticate: createAuthenticator(config), webDir, signInOrigin: 'https://idp.example.test' }));
    const server = await listen(app, 0);
    try {
      const res = await fetch(`${server.url}/signin/config`);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toMatchObject({ issuer: 'https://idp.example.test/realms/xindu', clientId: 'resident-graph-pages' });
      const page = await fetch(`${server.url}/desk`);
      expect(page.headers.get('content-security-policy')).toContain("connect-src 'self' https://idp.example.test;");
    } finally {
      await server.close();
      rmSync(webDir, { recursive: true, force: true });
    }
  });
});

describe("the gateway's authenticator with a provider configured", () => {
  it("takes the provider's access token for the gateway, and refuses one for another audience as UNAUTHENTICATED", async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    const idp = createServer((req, res) => {
      const base = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url === '/jwks' ? { keys: [jwk] } : { issuer: base, jwks_uri: `${base}/jwks` }));
    });
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
    const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    try {
      const auth = createAuthenticator(gatewayConfig({ NODE_ENV: 'test', OIDC_ISSUER_URL: issuer }));
      const token = (audience: string) =>
        new SignJWT({ role: 'health' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('dev-health').setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime('5m').sign(privateKey);
      const request = (t: string) => ({ headers: { authorization: `Bearer ${t}` } }) as unknown as Request;
      await expect(auth(request(await token('urn:resident-graph:gateway')))).resolves.toMatchObject({ caller: { subject: 'dev-health', role: 'health' } });
      await expect(auth(request(await token('urn:another-api')))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    } finally {
      await new Promise((r) => idp.close(r));
    }
  });
});
