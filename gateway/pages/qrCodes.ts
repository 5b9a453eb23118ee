/**
 * QR codes for community intake: GET /qr/<community>.png and /qr/<community>.svg render a link
 * that opens the intake page bound to that community and carrying a fresh short-lived
 * credential for it (see platform/auth/intakeCredential.ts). Only a community worker of that
 * community, or supervision, may generate one; a QR credential itself never may, or a shared
 * photo could be refreshed for ever. The link and its expiry come back in headers, so the
 * printable page can show them and tests can check what the image encodes.
 */
import type { NextFunction, Request, Response } from 'express';
import type { GraphQLError } from 'graphql';
import type { Caller } from '../../platform/auth/caller';
import { isIntakeCredential, mintIntakeCredential } from '../../platform/auth/intakeCredential';
import { shortPath } from './shortLinks';

export type QrFormat = 'png' | 'svg';

/**
 * The intake page for a community; the credential sits in the fragment, which browsers never send
 * to a server or in a Referer. The community's name rides along for the page's header: a QR
 * credential may not read the community list.
 */
export function intakeLink(baseUrl: string, community: string, credential: string, communityName?: string): string {
  const name = communityName ? `&name=${encodeURIComponent(communityName)}` : '';
  return `${baseUrl.replace(/\/+$/, '')}/intake?community=${community}${name}#credential=${credential}`;
}

/**
 * True when a link's host is this machine (localhost, 127.0.0.0/8, ::1, 0.0.0.0): a phone that
 * scans it opens itself, not the gateway. The QR sheet warns before such a code is printed.
 */
export function isLoopbackUrl(link: string): boolean {
  let host: string;
  try {
    host = new URL(link).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1' || host === '0.0.0.0' || /^::ffff:127\./.test(host);
}

/** A community's name as the QR page sends it (display text only): Chinese characters, letters, digits, brackets, at most 30. */
const COMMUNITY_NAME = /^[\p{Script=Han}A-Za-z0-9·()（） -]{1,30}$/u;

/** Medium error correction: survives a crease or a smudge on a printed notice, still scannable at a link's length. */
export async function renderQr(link: string, format: QrFormat): Promise<Buffer> {
  // Loaded on the first QR code: most gateways never print one.
  const { default: QRCode } = await import('qrcode');
  const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
  if (format === 'svg') return Buffer.from(await QRCode.toString(link, { ...options, type: 'svg' }), 'utf8');
  return QRCode.toBuffer(link, { ...options, type: 'png', width: 600 });
}

export interface QrHandlerOptions {
  /** The secret bearer tokens are signed with: QR credentials are minted with it. */
  jwtSecret: string;
  /** Who is calling, from the request's bearer token (the gateway's authenticator, gateway/context.ts). */
  authenticate: (req: Request) => Promise<{ caller: Caller }>;
  /** Base URL the links point at; undefined: the URL the request came in on. */
  publicUrl?: string;
  /** Credential lifetime when the request names none, in seconds. */
  defaultTtlSeconds: number;
  /**
   * The longest a code may last: the district's choice for posters (QR_MAX_LIFETIME_DAYS, never
   * beyond the gateway's JWT_MAX_LIFETIME_SECONDS, or the credential would be refused before the
   * poster comes down).
   * @default 31 days
   */
  maxTtlSeconds?: number;
}

const DAY = 86_400;
const DEFAULT_MAX_DAYS = 31;

/** What the QR sheet needs before it asks for a code: the lifetimes it may offer, and whether the links have a configured address. */
export interface QrSettings {
  maxDays: number;
  defaultDays: number;
  publicUrlConfigured: boolean;
}

export function qrSettings(options: Pick<QrHandlerOptions, 'maxTtlSeconds' | 'defaultTtlSeconds' | 'publicUrl'>): QrSettings {
  const maxDays = Math.floor((options.maxTtlSeconds ?? DEFAULT_MAX_DAYS * DAY) / DAY);
  return { maxDays, defaultDays: Math.min(Math.floor(options.defaultTtlSeconds / DAY), maxDays), publicUrlConfigured: Boolean(options.publicUrl) };
}

function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

export function qrCodeHandler(options: QrHandlerOptions) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const match = /^(\d{12})\.(png|svg)$/.exec(String(req.params.file));
      if (!match) return refuse(res, 404, 'NOT_FOUND', 'QR codes are at /qr/<12-digit community code>.png or .svg.');
      const [, community, format] = match;
      let caller: Caller;
      try {
        ({ caller } = await options.authenticate(req));
      } catch (err) {
        return refuse(res, 401, 'UNAUTHENTICATED', (err as GraphQLError).message);
      }
      const mayGenerate = !isIntakeCredential(caller) && (caller.role === 'supervision' || (caller.role === 'community' && caller.community === community));
      if (!mayGenerate) return refuse(res, 403, 'FORBIDDEN', 'Forbidden: a QR code is generated by a community worker of that community (with their own token, not a QR credential) or by supervision.');
      const maxTtlSeconds = options.maxTtlSeconds ?? DEFAULT_MAX_DAYS * DAY;
      const maxDays = Math.floor(maxTtlSeconds / DAY);
      const days = req.query.days === undefined ? undefined : Number(req.query.days);
      if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= maxDays)) {
        const rule = maxDays >= 1 ? `a whole number from 1 to ${maxDays}` : 'left out: tokens live less than a day here (JWT_MAX_LIFETIME_SECONDS)';
        return refuse(res, 400, 'BAD_USER_INPUT', `days must be ${rule}, but got "${String(req.query.days)}".`);
      }
      const name = req.query.name === undefined ? undefined : String(req.query.name);
      if (name !== undefined && !COMMUNITY_NAME.test(name)) {
        return refuse(res, 400, 'BAD_USER_INPUT', 'name must be 1-30 Chinese characters, letters, digits, spaces, middle dots, hyphens or brackets.');
      }
      const credential = await mintIntakeCredential(options.jwtSecret, community, { ttlSeconds: days ? days * DAY : Math.min(options.defaultTtlSeconds, maxTtlSeconds) });
      const base = (options.publicUrl ?? `${req.protocol}://${req.get('host')}`).replace(/\/+$/, '');
      const link = intakeLink(base, community, credential.token, name);
      res
        .set({
          'Cache-Control': 'no-store',
          'X-Intake-Link': link,
          'X-Intake-Link-Expires': credential.expiresAt.toISOString(),
          // The same community until the same instant, in letters a person can type (./shortLinks.ts).
          'X-Intake-Short-Link': base + shortPath(options.jwtSecret, community, credential.expiresAt),
          'X-Intake-Link-Loopback': String(isLoopbackUrl(link)),
        })
        .type(format === 'svg' ? 'image/svg+xml' : 'image/png')
        .send(await renderQr(link, format as QrFormat));
    } catch (err) {
      next(err);
    }
  };
}
