/**
 * What the pages and the gateway agree on with the identity provider: the pages' public client,
 * the gateway's resource indicator (the `aud` of the access tokens the pages get for it) and the
 * scope that asks for it. The embedded development provider (scripts/identity) registers exactly
 * these; a district's own provider registers the same client (docs/operations.md).
 */
export const PAGES_CLIENT_ID = 'resident-graph-pages';
/** The gateway as a resource server (RFC 8707): an absolute URI, the access tokens' audience. */
export const GATEWAY_RESOURCE = 'urn:resident-graph:gateway';
/** The scope of the gateway's resource: the access token for it carries the platform's claims. */
export const GATEWAY_SCOPE = 'resident-graph';
/** The pages that sign in: each is its own redirect and post-logout URI (origin + path). */
export const SIGN_IN_PAGES = ['/intake', '/desk', '/qr'] as const;
