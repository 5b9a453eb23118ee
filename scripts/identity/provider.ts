/**
 * The embedded OpenID provider (oidc-provider) for development and tests: the pages' public
 * client signs in with the authorization code flow and PKCE (S256) only, and gets an access token
 * for the gateway's resource (RFC 8707) as an RS256 JWT carrying the platform's claims (role,
 * community, department), verified by the gateway against the JWKS published here. The signing
 * key and the sessions live in memory: a restart signs everyone out, which is fine on a laptop.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider from 'oidc-provider';
import { GATEWAY_RESOURCE, GATEWAY_SCOPE, PAGES_CLIENT_ID, SIGN_IN_PAGES } from '../../platform/auth/signInClient';
import type { Logger } from '../../platform/logger';
import { listen, type RunningServer } from '../../platform/server/listen';
import type { IdentityConfig } from './config';
import { errorPage, loginPage, logoutPage } from './pages';
import { DEVELOPMENT_USERS, developmentUser, platformClaims, type DevelopmentUser } from './users';

const ROLE_LABELS: Record<string, string> = { 'civil-affairs': '民政部门', hrss: '人力资源和社会保障部门', health: '卫生健康部门', supervision: '纪检监察（监督）', community: '社区工作人员' };
const roleLabel = (user: DevelopmentUser) => `${ROLE_LABELS[user.role] ?? user.role}${user.community ? ` · 社区代码 ${user.community}` : ''}`;
const CLAIMS = ['name', 'role', 'community', 'department'];
const INTERACTION = /^\/interaction\/([\w-]+)(\/login)?$/;

function signingKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: `dev-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' };
}

function providerFor(issuer: string, config: IdentityConfig): Provider {
  const pages = config.pagesOrigins.flatMap((origin) => SIGN_IN_PAGES.map((path) => `${origin}${path}`));
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: PAGES_CLIENT_ID,
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: pages,
        post_logout_redirect_uris: pages,
      },
    ],
    responseTypes: ['code'],
    pkce: { methods: ['S256'], required: () => true },
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: CLAIMS },
    // The ID token names the person (the pages show it); no userinfo round trip.
    conformIdTokenClaims: false,
    findAccount: async (_ctx: unknown, id: string) => {
      const user = developmentUser(id);
      return user ? { accountId: user.id, claims: async () => ({ sub: user.id, name: user.name, ...platformClaims(user) }) } : undefined;
    },
    extraTokenClaims: async (_ctx: unknown, token: { accountId?: string }) => {
      const user = token.accountId ? developmentUser(token.accountId) : undefined;
      return user ? platformClaims(user) : undefined;
    },
    // The pages are the platform's own: no consent screen, the grant covers what they ask for.
    loadExistingGrant: async (ctx: { oidc: { client: { clientId: string }; session: { accountId: string; grantIdFor(clientId: string): string | undefined }; result?: { consent?: { grantId?: string } } } }) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      const existing = grantId ? await provider.Grant.find(grantId) : undefined;
      if (existing) return existing;
      const grant = new provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile');
      grant.addOIDCClaims(CLAIMS);
      grant.addResourceScope(GATEWAY_RESOURCE, GATEWAY_SCOPE);
      await grant.save();
      return grant;
    },
    clientBasedCORS: (_ctx: unknown, origin: string) => config.pagesOrigins.includes(origin),
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    ttl: { AccessToken: config.accessTokenTtlSeconds, Session: 8 * 3600, Grant: 8 * 3600, Interaction: 3600, IdToken: config.accessTokenTtlSeconds, AuthorizationCode: 60 },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: async (ctx: { body: string }, form: string) => void (ctx.body = logoutPage(form)) },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => GATEWAY_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resource: string) => {
          if (resource !== GATEWAY_RESOURCE) throw new Error(`unknown resource ${resource}`);
          return { scope: GATEWAY_SCOPE, audience: GATEWAY_RESOURCE, accessTokenTTL: config.accessTokenTtlSeconds, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    renderError: async (ctx: { type: string; body: string }, out: { error_description?: string; error?: string }) => {
      ctx.type = 'html';
      ctx.body = errorPage(out.error_description ?? out.error ?? '未知错误');
    },
  });
  return provider;
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10_000) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** The login step: GET shows the users, POST signs the chosen one in and returns to the flow. */
async function interaction(provider: Provider, req: IncomingMessage, res: ServerResponse, uid: string, posted: boolean): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (details.prompt.name !== 'login') {
    // Consent is covered by loadExistingGrant; any other prompt is finished as it stands.
    await provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
    return;
  }
  if (!posted) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(loginPage(`/interaction/${uid}/login`, DEVELOPMENT_USERS, roleLabel));
    return;
  }
  const user = developmentUser((await formBody(req)).get('user') ?? '');
  if (!user) {
    res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(errorPage('请选择一个登录身份。'));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: user.id } }, { mergeWithLastSubmission: false });
}

export interface RunningIdentityProvider {
  issuer: string;
  server: RunningServer;
  close(): Promise<void>;
}

export async function startIdentityProvider(config: IdentityConfig, logger: Logger): Promise<RunningIdentityProvider> {
  const routes: { handle?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  // Listen first: with port 0 (tests) the issuer URL is known only once the port is.
  const server = await listen((req, res) => (routes.handle ? routes.handle(req, res) : res.writeHead(503).end()), config.port, config.host);
  const issuer = config.issuer ?? server.url;
  const provider = providerFor(issuer, config);
  provider.on('server_error', (_ctx, err) => logger.error('identity provider error', { error: err instanceof Error ? err.message : String(err) }));
  const oidc = provider.callback();
  routes.handle = (req, res) => {
    const match = INTERACTION.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!match) return oidc(req, res);
    interaction(provider, req, res, match[1], req.method === 'POST' && match[2] === '/login').catch((err: unknown) => {
      logger.warn('sign-in step refused', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(errorPage('登录已过期或无效，请回到原来的页面重新登录。'));
    });
  };
  return { issuer, server, close: () => server.close() };
}
