/** The embedded identity provider's configuration: development and tests only, its pages' origins, npm start's wiring. */
import { identityConfig } from './config';
import { embeddedIdentity } from './embedded';
import { DEVELOPMENT_USERS, platformClaims } from './users';

describe('the embedded identity provider', () => {
  it('is refused in production, saying what to use instead', () => {
    expect(() => identityConfig({ NODE_ENV: 'production' })).toThrow(/development and tests only; in production set OIDC_ISSUER_URL/);
    expect(embeddedIdentity({ NODE_ENV: 'production' })).toBeNull();
  });

  it("serves the gateway's pages by default (127.0.0.1 and localhost on its port, and PUBLIC_URL's origin)", () => {
    expect(identityConfig({ NODE_ENV: 'development' }).pagesOrigins).toEqual(['http://127.0.0.1:4000', 'http://localhost:4000']);
    expect(identityConfig({ GATEWAY_PORT: '4400', PUBLIC_URL: 'http://192.168.1.20:4400/' }).pagesOrigins).toEqual(['http://127.0.0.1:4400', 'http://localhost:4400', 'http://192.168.1.20:4400']);
    expect(identityConfig({ IDENTITY_PAGES_ORIGINS: 'http://127.0.0.1:5000/desk, https://rk.example.test' }).pagesOrigins).toEqual(['http://127.0.0.1:5000', 'https://rk.example.test']);
    expect(() => identityConfig({ IDENTITY_PAGES_ORIGINS: 'rk.example.test' })).toThrow('IDENTITY_PAGES_ORIGINS');
  });

  it('is run by npm start with the gateway pointed at it, unless another provider is configured', () => {
    expect(embeddedIdentity({})).toMatchObject({ issuer: 'http://127.0.0.1:4010', gatewayEnv: { OIDC_ISSUER_URL: 'http://127.0.0.1:4010' } });
    expect(embeddedIdentity({ IDENTITY_PORT: '4411' })?.issuer).toBe('http://127.0.0.1:4411');
    expect(embeddedIdentity({ OIDC_ISSUER_URL: 'https://sso.example.test' })).toBeNull();
  });

  it('has one user per department role and per community, none looking like a QR credential', () => {
    const roles = DEVELOPMENT_USERS.map((u) => u.role);
    expect(new Set(roles)).toEqual(new Set(['civil-affairs', 'hrss', 'health', 'supervision', 'community']));
    expect(DEVELOPMENT_USERS.filter((u) => u.role === 'community').map((u) => u.community)).toEqual(['510114001001', '510114001002', '510114002001', '510114003001']);
    expect(DEVELOPMENT_USERS.every((u) => !u.id.startsWith('qr:'))).toBe(true);
    expect(new Set(DEVELOPMENT_USERS.map((u) => u.id)).size).toBe(DEVELOPMENT_USERS.length);
    expect(platformClaims(DEVELOPMENT_USERS.find((u) => u.role === 'community')!)).toEqual({ role: 'community', community: '510114001001' });
    expect(platformClaims(DEVELOPMENT_USERS.find((u) => u.role === 'hrss')!)).toEqual({ role: 'hrss', department: 'hrss' });
  });
});
