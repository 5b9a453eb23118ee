/**
 * The community front-end at the edge: the intake page (/intake), the printable QR page for a
 * community office (/qr), the department desk (/desk), their assets, and the QR images. The
 * pages talk to /graphql and /exports like any other client, with a bearer token.
 */
import { Router, type Request } from 'express';
import { join } from 'node:path';
import type { Caller } from '../../platform/auth/caller';
import { DEFAULT_INTAKE_CREDENTIAL_TTL_SECONDS } from '../../platform/auth/intakeCredential';
import { DIST_DIR } from '../../platform/paths';
import { intakeLink, qrCodeHandler, qrSettings } from './qrCodes';
import { shortLinkHandler } from './shortLinks';
import { assetsHandler, pageHandler, PAGES, policyWithSignIn } from './staticPages';

export interface PagesOptions {
  /** The secret bearer tokens are signed with: QR credentials are minted with it. */
  jwtSecret: string;
  /** Folder of the built pages. @default dist/web (written by npm run build:web) */
  webDir?: string;
  /**
   * Base URL the QR codes point at, as phones reach the gateway (e.g. https://rk.xindu.gov.cn).
   * @default the URL each QR request came in on
   */
  publicUrl?: string;
  /** Who is calling, from the request's bearer token (the gateway's authenticator, gateway/context.ts createAuthenticator). */
  authenticate: (req: Request) => Promise<{ caller: Caller }>;
  /** Lifetime of a QR credential when the request does not name one (?days=1..31), in seconds. @default 604800 (7 days) */
  credentialTtlSeconds?: number;
  /** The longest a QR code may last (QR_MAX_LIFETIME_DAYS, within JWT_MAX_LIFETIME_SECONDS): no QR credential lives longer. @default 31 days */
  maxCredentialTtlSeconds?: number;
  /** JWT_PREVIOUS_SECRETS: short links signed before a rotation keep working as their codes do. */
  previousSecrets?: readonly string[];
  /** The OpenID provider's origin (OIDC_ISSUER_URL's), which the pages call to sign in. @default none */
  signInOrigin?: string;
}

export const DEFAULT_WEB_DIR = join(DIST_DIR, 'web');

export function pagesRouter(options: PagesOptions): Router {
  const webDir = options.webDir ?? DEFAULT_WEB_DIR;
  const router = Router();
  for (const [path, file] of Object.entries(PAGES)) router.get(path, pageHandler(webDir, file, policyWithSignIn(options.signInOrigin)));
  router.use('/assets', assetsHandler(webDir));
  const qr = { jwtSecret: options.jwtSecret, authenticate: options.authenticate, publicUrl: options.publicUrl, defaultTtlSeconds: options.credentialTtlSeconds ?? DEFAULT_INTAKE_CREDENTIAL_TTL_SECONDS, maxTtlSeconds: options.maxCredentialTtlSeconds };
  // No personal data and no secret: the lifetimes the QR sheet may offer.
  router.get('/qr/settings.json', (_req, res) => void res.set('Cache-Control', 'no-store').json(qrSettings(qr)));
  router.get('/qr/:file', qrCodeHandler(qr));
  router.get(
    '/q/:code',
    shortLinkHandler({
      jwtSecret: options.jwtSecret,
      previousSecrets: options.previousSecrets,
      linkTo: (req, community, credential) => intakeLink(options.publicUrl ?? `${req.protocol}://${req.get('host')}`, community, credential),
    }),
  );
  return router;
}
