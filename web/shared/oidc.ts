/**
 * Signing in with the OpenID provider the gateway names (/signin/config): discovery, the
 * authorization code flow with PKCE (pkce.ts), the code exchanged at the token endpoint (the
 * provider allows the pages' origin across origins), and the session kept in localStorage, so a
 * reload and a new tab of the same browser are still signed in (the gateway stays stateless,
 * whichever replica answers). It ends on sign-out (this tab, the other tabs, and the provider's
 * own session through its end_session endpoint) or when the access token expires: the page then
 * signs in again, which the provider's session makes a redirect there and back.
 */
import type { SignInSettings } from '../../contract/signInSettings';
import { readClaims } from './jwt';
import { authorizationUrl, idTokenProblem, newPendingSignIn, type IdTokenClaims, type PendingSignIn } from './pkce';

export type { SignInSettings } from '../../contract/signInSettings';

export interface OidcSession {
  accessToken: string;
  idToken: string;
  /** When the access token expires, ms since the epoch. */
  expiresAt: number;
  /** Until when the page uses it: a little before expiresAt, so no request arrives with it expired. */
  useUntil: number;
  /** The person's name, from the ID token (shown on the page). */
  name: string | null;
  issuer: string;
}

interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

const SESSION = 'residentGraph.signIn.session';
const PENDING = 'residentGraph.signIn.pending';
const SIGNED_OUT = 'residentGraph.signIn.signedOut';
/** The ID token and issuer to end the provider's session with, kept past the access token's expiry or refusal. */
const LOGOUT_HINT = 'residentGraph.signIn.logoutHint';
/**
 * A token this close to its expiry is not used (a request would arrive with it expired): 30 s, or a
 * tenth of a shorter lifetime, so even a provider's very short tokens are used before the page
 * signs in again (never a loop of sign-ins).
 */
const expiryMarginMs = (lifetimeMs: number) => Math.min(30_000, lifetimeMs / 10);

function store(kind: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return window[kind];
  } catch {
    return null; // storage disabled: the sign-in lasts as long as the page
  }
}
let memorySession: string | null = null;

let settings: Promise<SignInSettings> | undefined;
/** The gateway's sign-in settings, read once per page load. */
export function signInSettings(): Promise<SignInSettings> {
  settings ??= fetch('/signin/config', { headers: { accept: 'application/json' } }).then(async (res) => {
    if (!res.ok) throw new Error(`/signin/config answered ${res.status}`);
    return (await res.json()) as SignInSettings;
  });
  settings.catch(() => (settings = undefined));
  return settings;
}

async function discover(issuer: string): Promise<ProviderMetadata> {
  const res = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`the identity provider's discovery answered ${res.status}`);
  const metadata = (await res.json()) as ProviderMetadata;
  if (metadata.issuer !== issuer) throw new Error('the identity provider names another issuer');
  return metadata;
}

/** The signed-in session of this browser, or null (none, or its access token has expired). */
export function currentSession(now = Date.now()): OidcSession | null {
  const raw = store('localStorage')?.getItem(SESSION) ?? memorySession;
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as OidcSession;
    if (typeof session.accessToken === 'string' && session.useUntil > now) return session;
  } catch {
    // unreadable: dropped below
  }
  forgetSession();
  return null;
}

function saveSession(session: OidcSession): void {
  const raw = JSON.stringify(session);
  memorySession = raw;
  store('localStorage')?.setItem(SESSION, raw);
  store('localStorage')?.setItem(LOGOUT_HINT, JSON.stringify({ idToken: session.idToken, issuer: session.issuer }));
}

/** Forgets this browser's session (every tab: see the storage listener below). */
export function forgetSession(): void {
  memorySession = null;
  store('localStorage')?.removeItem(SESSION);
}

/** Sends the browser to the provider to sign in, and back to this page (restored as it was). */
export async function beginSignIn(config: SignInSettings): Promise<void> {
  if (!config.issuer || !config.clientId) throw new Error('no identity provider is configured');
  const metadata = await discover(config.issuer);
  const pending = newPendingSignIn(location);
  const url = await authorizationUrl({ authorizationEndpoint: metadata.authorization_endpoint, clientId: config.clientId, scope: config.scope ?? 'openid', resource: config.resource }, pending);
  store('sessionStorage')?.setItem(PENDING, JSON.stringify(pending));
  location.assign(url);
}

/** Whether this page load is the provider sending the browser back (a code or an error, and a state). */
export function isSignInResponse(): boolean {
  const params = new URLSearchParams(location.search);
  return params.has('state') && (params.has('code') || params.has('error'));
}

export type SignInOutcome = { kind: 'signed-in'; session: OidcSession } | { kind: 'failed'; message: string };

/** Finishes the sign-in the provider sent the browser back from: checks it is this tab's, exchanges the code, keeps the session. */
export async function completeSignIn(config: SignInSettings): Promise<SignInOutcome> {
  const params = new URLSearchParams(location.search);
  const raw = store('sessionStorage')?.getItem(PENDING);
  store('sessionStorage')?.removeItem(PENDING);
  let pending: PendingSignIn | null = null;
  try {
    pending = raw ? (JSON.parse(raw) as PendingSignIn) : null;
  } catch {
    // unreadable: treated as no sign-in of this tab's
  }
  // The code and state leave the address bar whatever happens: a reload must not replay them.
  history.replaceState(null, '', pending?.returnTo ?? location.pathname);
  if (!pending || pending.state !== params.get('state')) return { kind: 'failed', message: '这次登录不是从本页面发起的，或已经失效，请重新登录。' };
  if (params.has('error')) return { kind: 'failed', message: params.get('error') === 'access_denied' ? '登录已取消。' : '登录没有成功，请重新登录。' };
  if (!config.issuer || !config.clientId) return { kind: 'failed', message: '系统没有配置统一身份认证，请联系系统管理员。' };
  // RFC 9207: a response naming another issuer is a mix-up attack or a misconfiguration.
  if (params.has('iss') && params.get('iss') !== config.issuer) return { kind: 'failed', message: '登录响应来自其他身份认证服务，已拒绝，请重新登录。' };
  try {
    const metadata = await discover(config.issuer);
    const res = await fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: params.get('code') ?? '',
        redirect_uri: pending.redirectUri,
        client_id: config.clientId,
        code_verifier: pending.verifier,
        ...(config.resource ? { resource: config.resource } : {}),
      }),
    });
    const answer = (await res.json()) as { access_token?: string; id_token?: string; expires_in?: number; error?: string };
    if (!res.ok || !answer.access_token || !answer.id_token) return { kind: 'failed', message: '登录没有成功（身份认证服务拒绝了这次登录），请重新登录。' };
    const idClaims = readClaims(answer.id_token) as IdTokenClaims | null;
    const problem = idTokenProblem(idClaims, { issuer: config.issuer, clientId: config.clientId, nonce: pending.nonce });
    if (problem) return { kind: 'failed', message: '登录没有成功（身份凭证校验未通过），请重新登录。' };
    // Without expires_in, the access token's own exp (the gateway checks it anyway).
    const lifetimeMs = answer.expires_in ? answer.expires_in * 1000 : ((readClaims(answer.access_token)?.exp ?? 0) * 1000 - Date.now());
    const expiresAt = Date.now() + Math.max(0, lifetimeMs);
    const session: OidcSession = {
      accessToken: answer.access_token,
      idToken: answer.id_token,
      expiresAt,
      useUntil: expiresAt - expiryMarginMs(lifetimeMs),
      name: idClaims?.name ?? null,
      issuer: config.issuer,
    };
    saveSession(session);
    return { kind: 'signed-in', session };
  } catch {
    return { kind: 'failed', message: '暂时无法连接统一身份认证服务，请稍后重新登录。' };
  }
}

/** Whether this page load follows a sign-out (no automatic sign-in then); asked once. */
export function justSignedOut(): boolean {
  const flag = store('sessionStorage')?.getItem(SIGNED_OUT) === '1';
  store('sessionStorage')?.removeItem(SIGNED_OUT);
  return flag;
}

/**
 * Signs out: forgets the session here (and so in every tab), then ends the provider's session
 * (end_session) and comes back to this page; the promise then never resolves (the page is
 * leaving). Without a provider session, it resolves at once: only the page had something to forget.
 */
export async function signOut(): Promise<void> {
  // Back on the page, it shows "signed out" instead of signing straight in again.
  store('sessionStorage')?.setItem(SIGNED_OUT, '1');
  const raw = store('localStorage')?.getItem(LOGOUT_HINT);
  store('localStorage')?.removeItem(LOGOUT_HINT);
  forgetSession();
  const session = raw ? (JSON.parse(raw) as Pick<OidcSession, 'idToken' | 'issuer'>) : null;
  if (!session) return;
  try {
    const config = await signInSettings();
    const metadata = await discover(session.issuer);
    if (!metadata.end_session_endpoint) location.reload();
    else {
      const url = new URL(metadata.end_session_endpoint);
      url.searchParams.set('id_token_hint', session.idToken);
      url.searchParams.set('post_logout_redirect_uri', `${location.origin}${location.pathname}`);
      if (config.clientId) url.searchParams.set('client_id', config.clientId);
      location.assign(url.href);
    }
  } catch {
    location.reload(); // the provider is unreachable: this browser is signed out all the same
  }
  // The page is going away: nothing after this may run (it would show the sign-in and use up the "signed out" mark).
  return new Promise(() => undefined);
}

// Signed out (or refused) in another tab: this one follows, reloaded signed out. Not sent to the
// provider on its own: that could race the other tab's end_session and sign straight back in.
window.addEventListener('storage', (event) => {
  if (event.key !== SESSION || event.newValue || !event.oldValue) return;
  store('sessionStorage')?.setItem(SIGNED_OUT, '1');
  location.reload();
});
