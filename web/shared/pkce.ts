/**
 * PKCE (RFC 7636, S256 only) and the other random values of a sign-in: a fresh code verifier,
 * state and nonce for every attempt, from the browser's CSPRNG. Pure functions over Web Crypto,
 * so Node (the unit tests) and the pages run the same code.
 */

/** base64url without padding (RFC 7636 appendix A). */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random URL-safe string of `bytes` random bytes (32 → 43 characters: a valid code verifier, 43-128 of [A-Za-z0-9-._~]). */
export function randomUrlSafe(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))). */
export async function codeChallenge(verifier: string): Promise<string> {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new Error('a PKCE code verifier is 43-128 characters of A-Z a-z 0-9 - . _ ~');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** What one sign-in attempt keeps in the tab until the provider sends the browser back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  /** The page's own address (origin + path): the redirect_uri, registered with the provider. */
  redirectUri: string;
  /** Where the page was (path and query), restored after the sign-in. */
  returnTo: string;
}

export function newPendingSignIn(location: { origin: string; pathname: string; search: string }): PendingSignIn {
  return { state: randomUrlSafe(), nonce: randomUrlSafe(), verifier: randomUrlSafe(), redirectUri: `${location.origin}${location.pathname}`, returnTo: `${location.pathname}${location.search}` };
}

export interface AuthorizationRequest {
  authorizationEndpoint: string;
  clientId: string;
  scope: string;
  /** The gateway's resource indicator (RFC 8707): the access token is for the gateway. */
  resource?: string;
}

/** The provider's authorization URL for this attempt: code flow, S256 challenge, state and nonce. */
export async function authorizationUrl(request: AuthorizationRequest, pending: PendingSignIn): Promise<string> {
  const url = new URL(request.authorizationEndpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: pending.redirectUri,
    scope: request.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await codeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    ...(request.resource ? { resource: request.resource } : {}),
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

/** The parts of an ID token the page checks before it trusts the sign-in (OpenID Connect Core 3.1.3.7). */
export interface IdTokenClaims {
  iss?: string;
  aud?: string | string[];
  nonce?: string;
  exp?: number;
  name?: string;
}

/**
 * Why the ID token does not belong to this sign-in, or null. Its signature is not checked here:
 * it came straight from the token endpoint over the connection the page opened (Core 3.1.3.7 6),
 * and the gateway verifies the access token on every request.
 */
export function idTokenProblem(claims: IdTokenClaims | null, expected: { issuer: string; clientId: string; nonce: string }, now = Date.now()): string | null {
  if (!claims) return 'the ID token is not a readable JWT';
  if (claims.iss !== expected.issuer) return 'the ID token names another issuer';
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expected.clientId)) return 'the ID token is for another client';
  if (claims.nonce !== expected.nonce) return "the ID token's nonce is not this sign-in's";
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return 'the ID token has expired';
  return null;
}
