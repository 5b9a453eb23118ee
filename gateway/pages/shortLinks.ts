/**
 * The short link printed beside a community's QR code (/q/510114001001-XXXXXXX-XXXXXXXXXXXXXXXX),
 * for a worker to type or read out when a phone cannot scan. It holds no more than the code does:
 * the community and the instant the code's credential expires, signed with an HMAC keyed by the
 * gateway's JWT secret. Opening it mints a credential for that community with exactly that
 * expiry and redirects to the same intake page the code opens, so whoever has the short link has
 * what the QR code gives, no more and no longer. Nothing is stored: any replica resolves it, and
 * rotating JWT_SECRET (once it has left JWT_PREVIOUS_SECRETS) withdraws both at once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { mintIntakeCredential } from '../../platform/auth/intakeCredential';

/** Digits and capitals a person reads and types without confusing them: no 0/O, 1/I/L. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** Signature characters: 16 of 31 symbols, about 79 bits, beyond guessing through an HTTP endpoint. */
const MAC_LENGTH = 16;
const SHORT_CODE = new RegExp(`^(\\d{12})-([${ALPHABET}]{1,8})-([${ALPHABET}]{${MAC_LENGTH}})$`);

function encode(value: bigint, length?: number): string {
  const base = BigInt(ALPHABET.length);
  let text = '';
  for (let v = value; v > 0n || text === ''; v /= base) text = ALPHABET[Number(v % base)] + text;
  return length ? text.padStart(length, ALPHABET[0]).slice(-length) : text;
}

function decode(text: string): bigint {
  return [...text].reduce((v, c) => v * BigInt(ALPHABET.length) + BigInt(ALPHABET.indexOf(c)), 0n);
}

/** The signature of a community's code until `expiresAt` (whole seconds), under one secret. */
function signature(secret: string, community: string, expiresAtSeconds: number): string {
  // A key of its own, derived from the JWT secret: a short-link signature is never a token signature.
  const key = createHmac('sha256', secret).update('resident-graph/qr-short-link').digest();
  const mac = createHmac('sha256', key).update(`${community}:${expiresAtSeconds}`).digest();
  return encode(BigInt(`0x${mac.subarray(0, 12).toString('hex')}`), MAC_LENGTH);
}

/** The path of the short link for a community's code expiring at `expiresAt`. */
export function shortPath(secret: string, community: string, expiresAt: Date): string {
  const seconds = Math.floor(expiresAt.getTime() / 1000);
  return `/q/${community}-${encode(BigInt(seconds))}-${signature(secret, community, seconds)}`;
}

export type ShortCode = { community: string; expiresAt: Date };

/**
 * What a short code grants, when one of `secrets` signed it; null for anything else. Read
 * without regard to case, as a person may type it.
 */
export function readShortCode(code: string, secrets: readonly string[]): ShortCode | null {
  const match = SHORT_CODE.exec(code.toUpperCase());
  if (!match) return null;
  const [, community, expiry, mac] = match;
  const seconds = Number(decode(expiry));
  const given = Buffer.from(mac);
  const signed = secrets.some((secret) => timingSafeEqual(Buffer.from(signature(secret, community, seconds)), given));
  return signed ? { community, expiresAt: new Date(seconds * 1000) } : null;
}

export interface ShortLinkOptions {
  /** Signs new credentials and short links. */
  jwtSecret: string;
  /** Secrets of a rotation still accepted: short links printed before the switch keep working as their codes do. */
  previousSecrets?: readonly string[];
  /** Where the intake page is: the base URL of the link it redirects to. */
  linkTo: (req: Request, community: string, credential: string) => string;
  now?: () => Date;
}

/** A page in Chinese for the person who opened the link (a phone's browser, not an API client). */
function sorry(res: Response, status: number, title: string, advice: string): void {
  res
    .status(status)
    .set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'" })
    .type('html')
    .send(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><h1>${title}</h1><p>${advice}</p></html>`);
}

export function shortLinkHandler(options: ShortLinkOptions) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const granted = readShortCode(String(req.params.code), [options.jwtSecret, ...(options.previousSecrets ?? [])]);
      if (!granted) return sorry(res, 404, '链接无效', '这个上报链接不完整或有误。请核对二维码旁印的链接后重新输入，或直接扫描二维码。');
      const now = options.now?.() ?? new Date();
      const ttlSeconds = granted.expiresAt.getTime() / 1000 - Math.floor(now.getTime() / 1000);
      if (ttlSeconds < 1) return sorry(res, 410, '二维码已过期', '这张二维码和它旁边的链接已经过期，不能再上报。请联系社区工作人员获取新的二维码。');
      // Minted now to expire when the code's own credential does: the same community, the same end.
      const credential = await mintIntakeCredential(options.jwtSecret, granted.community, { ttlSeconds, now });
      res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).redirect(303, options.linkTo(req, granted.community, credential.token));
    } catch (err) {
      next(err);
    }
  };
}
