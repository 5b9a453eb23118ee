/**
 * Reads a bearer token's claims for display (whose token, which community, until when). The
 * page never trusts them: the gateway verifies every request.
 */
export interface TokenClaims {
  role?: string;
  community?: string;
  sub?: string;
  /** Expiry, seconds since the epoch. */
  exp?: number;
}

export function readClaims(token: string): TokenClaims | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' ? (claims as TokenClaims) : null;
  } catch {
    return null;
  }
}

export function isExpired(claims: TokenClaims | null, now = Date.now()): boolean {
  return typeof claims?.exp === 'number' && claims.exp * 1000 <= now;
}
