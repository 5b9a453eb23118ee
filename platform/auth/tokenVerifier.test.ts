/** The gateway's token verifier against a JWKS served on port 0, with key pairs made here. */
import { exportJWK, generateKeyPair, SignJWT, type GenerateKeyPairResult, type KeyLike } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mintIntakeCredential, MAX_INTAKE_CREDENTIAL_TTL_SECONDS } from './intakeCredential';
import { derivedKey } from './secrets';
import { mintServiceToken, SERVICE_TOKEN_AUDIENCE, SERVICE_TOKEN_ISSUER } from './serviceTokens';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from './tokenLifetime';
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

describe('every kind of token must expire, and within the maximum lifetime', () => {
  const NO_EXPIRY = /no expiry \("exp" claim\)/;
  const TOO_LONG = /longer than the \d+ seconds accepted \(JWT_MAX_LIFETIME_SECONDS\)/;
  const now = () => Math.floor(Date.now() / 1000);
  const hs256 = (claims: Record<string, unknown>, edit: (t: SignJWT) => SignJWT) =>
    edit(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('dev').setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE)).sign(new TextEncoder().encode(JWT_SECRET));
  const service = (edit: (t: SignJWT) => SignJWT) =>
    edit(new SignJWT({ role: 'reconciliation' }).setProtectedHeader({ alg: 'HS256' }).setSubject('service:reconciliation').setIssuer(SERVICE_TOKEN_ISSUER).setAudience(SERVICE_TOKEN_AUDIENCE)).sign(derivedKey(INTERNAL, 'service-token'));
  const withoutExp = (t: SignJWT) => t.setIssuedAt();
  const idpWithoutExp = (key: KeyLike, alg: 'RS256' | 'ES256', kid: string) =>
    new SignJWT({ role: 'hrss' }).setProtectedHeader({ alg, kid }).setSubject('clerk-3').setIssuer(ISSUER).setAudience(TOKEN_AUDIENCE).setIssuedAt().sign(key);
  const decade = (t: SignJWT) => t.setIssuedAt().setExpirationTime(now() + 10 * 365 * 24 * 3600);

  it.each([
    ['an HS256 token signed with JWT_SECRET', () => hs256({ role: 'supervision' }, withoutExp)],
    ['an RS256 token of the identity provider', () => idpWithoutExp(rsa.privateKey, 'RS256', 'rsa-1')],
    ['an ES256 token of the identity provider', () => idpWithoutExp(ec.privateKey, 'ES256', 'ec-1')],
    ['a service token signed with the internal secret', () => service(withoutExp)],
  ])('refuses %s without "exp", saying so', async (_kind, token) => {
    await expect(verify(await token())).rejects.toThrow(NO_EXPIRY);
  });

  it.each([
    ['an HS256 token', () => hs256({ role: 'supervision' }, decade)],
    ['an HS256 token without "iat" (counted from now)', () => hs256({ role: 'supervision' }, (t) => t.setExpirationTime(now() + 10 * 365 * 24 * 3600))],
    ['an RS256 token of the identity provider', () => idpToken(rsa.privateKey, 'RS256', 'rsa-1', { role: 'hrss' }, (t) => t.setExpirationTime(now() + 400 * 24 * 3600))],
    ['a service token', () => service(decade)],
  ])('refuses %s that lives longer than the maximum', async (_kind, token) => {
    await expect(verify(await token())).rejects.toThrow(TOO_LONG);
  });

  it('accepts the longest QR credential and `npm run token`’s default; a configured maximum holds', async () => {
    expect(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS).toBeGreaterThanOrEqual(MAX_INTAKE_CREDENTIAL_TTL_SECONDS);
    const credential = await mintIntakeCredential(JWT_SECRET, '510114001001', { ttlSeconds: MAX_INTAKE_CREDENTIAL_TTL_SECONDS });
    await expect(verify(credential.token)).resolves.toMatchObject({ role: 'community' });
    await expect(verify(await mintToken(JWT_SECRET, { role: 'health' }))).resolves.toMatchObject({ role: 'health' });
    const hourAtMost = createTokenVerifier({ jwtSecret: JWT_SECRET, maxLifetimeSeconds: 3600 });
    await expect(hourAtMost(await mintToken(JWT_SECRET, { role: 'health', expiresIn: '2h' }))).rejects.toThrow(TOO_LONG);
    await expect(hourAtMost(await mintToken(JWT_SECRET, { role: 'health', expiresIn: '1h' }))).resolves.toMatchObject({ role: 'health' });
  });
});

describe('rotating JWT_SECRET and the internal secret: both keys accepted during the change, the old refused after', () => {
  const OLD = JWT_SECRET;
  const NEW = 'the-new-jwt-secret-after-the-rotation-0002';
  const NEW_INTERNAL = 'the-new-internal-secret-after-the-rotation-2';
  const overlap = createTokenVerifier({ jwtSecret: NEW, jwtPreviousSecrets: [OLD], serviceSecret: NEW_INTERNAL, servicePreviousSecrets: [INTERNAL] });
  const after = createTokenVerifier({ jwtSecret: NEW, serviceSecret: NEW_INTERNAL });
  const worker = (secret: string) => mintToken(secret, { role: 'community', community: '510114001001', subject: 'worker-7' });
  const qr = async (secret: string) => (await mintIntakeCredential(secret, '510114001001')).token;
  const service = (secret: string) => mintServiceToken(secret, 'reconciliation');

  it.each([
    ['a bearer token', worker, OLD, NEW, 'community'],
    ['a QR intake credential', qr, OLD, NEW, 'community'],
    ['a service token', service, INTERNAL, NEW_INTERNAL, 'reconciliation'],
  ])('%s signed with the old or the new secret is accepted during the overlap, only the new one after', async (_kind, mint, oldSecret, newSecret, role) => {
    const [old, current] = [await mint(oldSecret), await mint(newSecret)];
    await expect(overlap(old)).resolves.toMatchObject({ role });
    await expect(overlap(current)).resolves.toMatchObject({ role });
    await expect(after(current)).resolves.toMatchObject({ role });
    await expect(after(old)).rejects.toThrow('signature does not verify');
  });

  it('a token signed with the previous secret is still refused for what is wrong with it (expired), not as wrongly signed', async () => {
    const expired = await new SignJWT({ role: 'health' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setIssuedAt(epochSeconds() - 120).setExpirationTime(epochSeconds() - 60).sign(new TextEncoder().encode(OLD));
    await expect(overlap(expired)).rejects.toThrow('the token has expired');
  });

  it('a secret that is neither current nor previous is refused during the overlap', async () => {
    await expect(overlap(await worker('a-third-secret-nobody-configured-0003'))).rejects.toThrow('signature does not verify');
    await expect(overlap(await service('a-third-internal-secret-nobody-set-03'))).rejects.toThrow('signature does not verify');
  });
});

function epochSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
