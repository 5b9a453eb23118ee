/**
 * Verified bearer tokens remembered, so a client sending the same token on every request pays
 * for one signature check, not one per request. Keyed by the SHA-256 of the token (the token
 * itself is never held as a key), at most `maxEntries` of them (the oldest go first), each until
 * the token's `exp` and never beyond, and at most REVERIFY_AFTER_MS after its verification: a
 * key the identity provider withdraws from its JWKS is refused within that, well inside the
 * 10 minutes jose keeps a fetched key set. A token that fails is never remembered: it is checked
 * afresh, with whatever the verifier then accepts, every time.
 */
import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { Caller } from '../platform/auth/caller';
import type { TokenVerifier } from '../platform/auth/tokens';

/** How long a verification is trusted before the token is checked again, in ms. */
export const REVERIFY_AFTER_MS = 30_000;

export interface TokenCacheOptions {
  /** Most tokens remembered (TOKEN_CACHE_SIZE). */
  maxEntries: number;
  /** The clock, in epoch ms (tests move it). @default Date.now */
  now?: () => number;
}

interface Entry {
  caller: Caller;
  /** Epoch ms after which the entry is not used. */
  until: number;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** `verify`, remembering what it accepted; with `maxEntries` 0, `verify` itself. */
export function cachedTokenVerifier(verify: TokenVerifier, options: TokenCacheOptions): TokenVerifier {
  const { maxEntries, now = Date.now } = options;
  if (maxEntries <= 0) return verify;
  const entries = new Map<string, Entry>();
  return async (token) => {
    const key = hashOf(token);
    const hit = entries.get(key);
    if (hit && hit.until > now()) return hit.caller;
    if (hit) entries.delete(key);
    // Frozen: every request with this token shares the one object.
    const caller = Object.freeze(await verify(token));
    // The verifier accepted it, so it is a well-formed JWT with an `exp` (every kind must carry one).
    const { exp } = decodeJwt(token);
    const until = Math.min(typeof exp === 'number' ? exp * 1000 : 0, now() + REVERIFY_AFTER_MS);
    if (until > now()) {
      // A Map iterates in insertion order: its first key is the oldest entry.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { caller, until });
    }
    return caller;
  };
}
