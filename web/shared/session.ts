/**
 * What a page keeps about who is signed in. The staff member's token is the access token of the
 * OpenID sign-in (oidc.ts: localStorage, so reloads and new tabs stay signed in until sign-out or
 * expiry), or, in development only, a token pasted in the "advanced" box, kept for the tab only
 * (sessionStorage), as are the QR credentials (intake/credential.ts): nothing of those is left
 * on a shared office computer once the tab is closed.
 */
import { currentSession, forgetSession } from './oidc';

const STAFF_TOKEN = 'residentGraph.staffToken';

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled (private mode in some browsers): keep the token in memory only
  }
}

let memory: Record<string, string> = {};

export function load(key: string): string | null {
  return storage()?.getItem(key) ?? memory[key] ?? null;
}

export function save(key: string, value: string): void {
  memory = { ...memory, [key]: value };
  storage()?.setItem(key, value);
}

export function forget(key: string): void {
  const { [key]: _dropped, ...rest } = memory;
  memory = rest;
  storage()?.removeItem(key);
}

export const staffToken = {
  /** The signed-in session's access token while it is valid, else a pasted one. */
  load: (): string | null => currentSession()?.accessToken ?? load(STAFF_TOKEN),
  /** Keeps a pasted token for the tab (the sign-in's own token is kept by oidc.ts already). */
  save: (token: string): void => {
    if (token !== currentSession()?.accessToken) save(STAFF_TOKEN, token);
  },
  /** Forgets the token: a refused or expired one, or on sign-out. */
  forget: (): void => {
    forget(STAFF_TOKEN);
    forgetSession();
  },
};
