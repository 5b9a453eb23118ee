/** PKCE and the sign-in's checks, run in Node with the same Web Crypto the pages use. */
import { authorizationUrl, base64url, codeChallenge, idTokenProblem, newPendingSignIn, randomUrlSafe } from './pkce';

describe('PKCE (S256)', () => {
  it("computes RFC 7636 appendix B's challenge for its verifier", async () => {
    await expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('refuses a verifier outside 43-128 unreserved characters', async () => {
    await expect(codeChallenge('too-short')).rejects.toThrow('43-128 characters');
    await expect(codeChallenge(`${'a'.repeat(42)}+`)).rejects.toThrow('43-128 characters');
  });

  it('encodes base64url without padding', () => {
    expect(base64url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
    expect(base64url(new Uint8Array([1]))).toBe('AQ');
  });

  it('makes a fresh, valid verifier, state and nonce for every attempt', () => {
    const values = Array.from({ length: 50 }, () => randomUrlSafe());
    expect(new Set(values).size).toBe(50);
    for (const v of values) expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const a = newPendingSignIn({ origin: 'https://rk.example.test', pathname: '/desk', search: '?period=1' });
    const b = newPendingSignIn({ origin: 'https://rk.example.test', pathname: '/desk', search: '' });
    expect(a.redirectUri).toBe('https://rk.example.test/desk');
    expect(a.returnTo).toBe('/desk?period=1');
    expect(new Set([a.state, a.nonce, a.verifier, b.state, b.nonce, b.verifier]).size).toBe(6);
  });

  it('asks for the code flow with the S256 challenge of this attempt, its state, nonce and the gateway resource', async () => {
    const pending = newPendingSignIn({ origin: 'http://127.0.0.1:4000', pathname: '/qr', search: '' });
    const url = new URL(await authorizationUrl({ authorizationEndpoint: 'https://idp.example.test/auth?tenant=x', clientId: 'pages', scope: 'openid profile graph', resource: 'urn:graph' }, pending));
    expect(url.origin + url.pathname).toBe('https://idp.example.test/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'x',
      response_type: 'code',
      client_id: 'pages',
      redirect_uri: 'http://127.0.0.1:4000/qr',
      scope: 'openid profile graph',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await codeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      resource: 'urn:graph',
    });
  });
});

describe("the ID token's checks", () => {
  const expected = { issuer: 'https://idp.example.test', clientId: 'pages', nonce: 'n-1' };
  const now = Date.parse('2026-06-01T00:00:00Z');
  const good = { iss: expected.issuer, aud: 'pages', nonce: 'n-1', exp: now / 1000 + 60 };

  it('accepts the token of this sign-in (one audience or several)', () => {
    expect(idTokenProblem(good, expected, now)).toBeNull();
    expect(idTokenProblem({ ...good, aud: ['other', 'pages'] }, expected, now)).toBeNull();
  });

  it('refuses another issuer, another client, another nonce, an expired or unreadable token', () => {
    expect(idTokenProblem({ ...good, iss: 'https://evil.example.test' }, expected, now)).toMatch('another issuer');
    expect(idTokenProblem({ ...good, aud: 'other' }, expected, now)).toMatch('another client');
    expect(idTokenProblem({ ...good, nonce: 'n-2' }, expected, now)).toMatch('nonce');
    expect(idTokenProblem({ ...good, exp: now / 1000 - 1 }, expected, now)).toMatch('expired');
    expect(idTokenProblem(null, expected, now)).toMatch('not a readable JWT');
  });
});
