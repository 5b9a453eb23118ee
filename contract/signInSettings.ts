/** What GET /signin/config tells the pages about signing in (gateway/signIn.ts serves it, web/shared/oidc.ts reads it). */
export interface SignInSettings {
  /** The provider's issuer URL; null: no provider, pasted tokens only. */
  issuer: string | null;
  clientId?: string;
  /** The gateway's resource indicator, sent as `resource` so the access token is for the gateway. */
  resource?: string;
  /** What the pages ask for: openid, profile (the name shown) and the gateway's scope. */
  scope?: string;
  /** Whether the page may also offer a pasted token (development, or no provider). */
  pastedTokens: boolean;
}
