/**
 * The gateway's verifier for access tokens of the OpenID provider the pages sign in with: keys
 * found through the provider's discovery document (served here on port 0 with key pairs made
 * here, as the provider publishes them), issuer, audience and expiry checked. The embedded
 * provider's own tokens are proven end to end by tests/browser/signIn.test.ts.
 */
import { exportJWK, generateKeyPair, SignJWT, type GenerateKeyPairResult, type KeyLike } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier, mintToken, type TokenVerifier } from './tokens';

const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256';
const AUDIENCE = 'urn:resident-graph:gateway';

let server: Server;
let issuer: string;
/** What the discovery document names as issuer (another one to test the mix-up check). */
let announcedIssuer: () => string;
let discoveries = 0;
let provider: GenerateKeyPairResult<KeyLike>;
let stranger: GenerateKeyPairResult<KeyLike>;
let verify: TokenVerifier;

beforeAll(async () => {
  [provider, stranger] = await Promise.all([generateKeyPair('RS256'), generateKeyPair('RS256')]);
  const keys = [{ ...(await exportJWK(provider.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' }];
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      discoveries += 1;
      res.end(JSON.stringify({ issuer: announcedIssuer(), jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === '/jwks') res.end(JSON.stringify({ keys }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  announcedIssuer = () => issuer;
  verify = createTokenVerifier({ jwtSecret: JWT_SECRET, oidc: { issuer, audience: AUDIENCE } });
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function accessToken(edit: (t: SignJWT) => SignJWT = (t) => t, key: KeyLike = provider.privateKey, claims: Record<string, unknown> = { role: 'civil-affairs', department: 'civil-affairs' }) {
  return edit(new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'idp-1', typ: 'at+jwt' }).setSubject('dev-civil-affairs').setIssuer(issuer).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('10m')).sign(key);
}

describe("access tokens of the sign-in's OpenID provider", () => {
  it('accepts its RS256 access token for the gateway, with the platform claims, next to HS256 tokens', async () => {
    await expect(verify(await accessToken())).resolves.toEqual({ subject: 'dev-civil-affairs', role: 'civil-affairs' });
    await expect(verify(await accessToken((t) => t, provider.privateKey, { role: 'community', community: '510114001001' }))).resolves.toEqual({
      subject: 'dev-civil-affairs',
      role: 'community',
      community: '510114001001',
    });
    await expect(verify(await mintToken(JWT_SECRET, { role: 'hrss' }))).resolves.toMatchObject({ role: 'hrss' });
  });

  it('refuses a token of another issuer', async () => {
    await expect(verify(await accessToken((t) => t.setIssuer('https://other-idp.example.test')))).rejects.toThrow('not issued by the identity provider this gateway accepts');
  });

  it('refuses a token for another audience', async () => {
    await expect(verify(await accessToken((t) => t.setAudience('urn:another-api')))).rejects.toThrow('"aud" claim is not accepted');
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    await expect(verify(await accessToken((t) => t.setIssuedAt(past - 600).setExpirationTime(past)))).rejects.toThrow('the token has expired');
  });

  it("refuses a token in the issuer's name signed with a key it does not publish, and one without the platform's claims", async () => {
    await expect(verify(await accessToken((t) => t, stranger.privateKey))).rejects.toThrow('signature does not verify');
    await expect(verify(await accessToken((t) => t, provider.privateKey, { role: 'reconciliation' }))).rejects.toThrow("claims are invalid");
  });

  it('refuses every token while the discovery document names another issuer, and tries again on the next token', async () => {
    const fresh = createTokenVerifier({ jwtSecret: JWT_SECRET, oidc: { issuer, audience: AUDIENCE } });
    announcedIssuer = () => 'https://mix-up.example.test';
    try {
      await expect(fresh(await accessToken())).rejects.toThrow('names another issuer; check OIDC_ISSUER_URL');
    } finally {
      announcedIssuer = () => issuer;
    }
    const before = discoveries;
    await expect(fresh(await accessToken())).resolves.toMatchObject({ role: 'civil-affairs' });
    await expect(fresh(await accessToken())).resolves.toMatchObject({ role: 'civil-affairs' });
    expect(discoveries - before).toBe(1); // found once, then kept
  });

  it('says the provider could not be reached, without the token', async () => {
    const unreachable = createTokenVerifier({ jwtSecret: JWT_SECRET, oidc: { issuer: 'http://127.0.0.1:9', audience: AUDIENCE } });
    const token = await new SignJWT({ role: 'hrss' }).setProtectedHeader({ alg: 'RS256', kid: 'idp-1' }).setSubject('x').setIssuer('http://127.0.0.1:9').setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m').sign(provider.privateKey);
    const refusal = unreachable(token);
    await expect(refusal).rejects.toThrow("discovery document (http://127.0.0.1:9/.well-known/openid-configuration) could not be read");
    await expect(refusal).rejects.not.toThrow(token);
  });
});
