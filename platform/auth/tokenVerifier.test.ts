/** The gateway's token verifier against a JWKS served on port 0, with key pairs made here. */
import { exportJWK, generateKeyPair, SignJWT, type GenerateKeyPairResult, type KeyLike } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mintServiceToken } from './serviceTokens';
import { createTokenVerifier, mintToken, TOKEN_AUDIENCE, TOKEN_ISSUER, type TokenVerifier } from './tokens';

const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256';
const INTERNAL = 'test-internal-secret-that-is-long-enough';
const ISSUER = 'https://idp.example.test';

let server: Server;
let jwksUrl: string;
let rsa: GenerateKeyPairResult<KeyLike>;
let ec: GenerateKeyPairResult<KeyLike>;
let stranger: GenerateKeyPairResult<KeyLike>;
let verify: TokenVerifier;

beforeAll(async () => {
  [rsa, ec, stranger] = await Promise.all([generateKeyPair('RS256'), generateKeyPair('ES256'), generateKeyPair('RS256')]);
  const keys = [
    { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ];
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  verify = createTokenVerifier({ jwtSecret: JWT_SECRET, jwksUrl, jwksIssuer: ISSUER, jwksAudience: TOKEN_AUDIENCE, serviceSecret: INTERNAL });
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function idpToken(key: KeyLike, alg: 'RS256' | 'ES256', kid: string, claims: Record<string, unknown> = { role: 'hrss' }, edit: (t: SignJWT) => SignJWT = (t) => t) {
  return edit(new SignJWT(claims).setProtectedHeader({ alg, kid }).setSubject('clerk-3').setIssuer(ISSUER).setAudience(TOKEN_AUDIENCE).setIssuedAt().setExpirationTime('10m')).sign(key);
}

describe('tokens from the identity provider (JWKS)', () => {
  it('accepts RS256 and ES256 tokens signed with a published key', async () => {
    await expect(verify(await idpToken(rsa.privateKey, 'RS256', 'rsa-1'))).resolves.toEqual({ subject: 'clerk-3', role: 'hrss' });
    await expect(verify(await idpToken(ec.privateKey, 'ES256', 'ec-1', { role: 'community', community: '510114001001' }))).resolves.toEqual({
      subject: 'clerk-3',
      role: 'community',
      community: '510114001001',
    });
  });

  it('refuses a token whose kid the identity provider does not publish', async () => {
    await expect(verify(await idpToken(stranger.privateKey, 'RS256', 'rsa-9'))).rejects.toThrow('signing key (kid) is not one the identity provider publishes');
  });

  it('refuses a token signed with another key under a published kid', async () => {
    await expect(verify(await idpToken(stranger.privateKey, 'RS256', 'rsa-1'))).rejects.toThrow('signature does not verify');
  });

  it('refuses an expired token, another issuer, and a person claiming a service role', async () => {
    await expect(verify(await idpToken(rsa.privateKey, 'RS256', 'rsa-1', { role: 'hrss' }, (t) => t.setExpirationTime(Math.floor(Date.now() / 1000) - 60)))).rejects.toThrow('expired');
    await expect(verify(await idpToken(rsa.privateKey, 'RS256', 'rsa-1', { role: 'hrss' }, (t) => t.setIssuer('https://elsewhere.test')))).rejects.toThrow('"iss" claim');
    await expect(verify(await idpToken(rsa.privateKey, 'RS256', 'rsa-1', { role: 'reconciliation' }))).rejects.toThrow('claims are invalid (role)');
  });

  it('refuses RS256 tokens when no JWKS is configured', async () => {
    const hs256Only = createTokenVerifier({ jwtSecret: JWT_SECRET });
    await expect(hs256Only(await idpToken(rsa.privateKey, 'RS256', 'rsa-1'))).rejects.toThrow('algorithm is not accepted');
  });
});

describe('development and service tokens', () => {
  it('accepts HS256 tokens signed with JWT_SECRET, next to the JWKS', async () => {
    await expect(verify(await mintToken(JWT_SECRET, { role: 'health', subject: 'dev' }))).resolves.toEqual({ subject: 'dev', role: 'health' });
  });

  it('refuses an unsigned token (alg none)', async () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${part({ alg: 'none' })}.${part({ role: 'supervision', sub: 'x', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 })}.`;
    await expect(verify(none)).rejects.toThrow();
  });

  it('accepts the platform’s service token as the service role, signed with the internal secret only', async () => {
    await expect(verify(await mintServiceToken(INTERNAL, 'reconciliation'))).resolves.toEqual({ subject: 'service:reconciliation', role: 'reconciliation' });
    await expect(verify(await mintServiceToken('another-internal-secret-another-one', 'reconciliation'))).rejects.toThrow('signature does not verify');
    await expect(createTokenVerifier({ jwtSecret: JWT_SECRET })(await mintServiceToken(INTERNAL, 'reconciliation'))).rejects.toThrow('service tokens are not accepted');
  });

  it('a service role cannot be had with JWT_SECRET', async () => {
    const forged = await new SignJWT({ role: 'reconciliation' }).setProtectedHeader({ alg: 'HS256' }).setSubject('service:reconciliation').setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setExpirationTime('5m').sign(new TextEncoder().encode(JWT_SECRET));
    await expect(verify(forged)).rejects.toThrow('claims are invalid (role)');
  });
});
