/**
 * The exchange's request signing, checked before any interface runs:
 *
 *   X-Signature = hex(HMAC-SHA256(appSecret, METHOD + "\n" + PATH?QUERY + "\n" + X-Timestamp + "\n" + X-Nonce + "\n" + hex(SHA-256(body))))
 *
 * X-Timestamp (Unix seconds) must be within the skew window of the exchange's clock, and each
 * nonce of an application is accepted once while its timestamp could still pass (twice the skew).
 * The signature is checked over the raw body bytes, before they are parsed.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { GroupCommit } from '../../platform/stores/groupCommit';
import type { RequestStats } from '../shared/stats';
import type { HouseholdRegistrationStore } from './store';
import { exchangeError, HEADERS } from './wire';

export interface SigningOptions {
  /** Application keys the exchange knows, with their secrets. */
  apps: Readonly<Record<string, string>>;
  /** How far a request's timestamp may be from the exchange's clock, in seconds. @default 300 */
  skewSeconds?: number;
  /** The exchange's clock, in ms. @default Date.now */
  now?: () => number;
}

const NONCE = /^[A-Za-z0-9-]{16,64}$/;
const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^[0-9a-f]{64}$/;

export function expectedSignature(secret: string, method: string, pathWithQuery: string, timestamp: string, nonce: string, body: Buffer): string {
  const digest = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret).update([method.toUpperCase(), pathWithQuery, timestamp, nonce, digest].join('\n')).digest('hex');
}

/** Middleware refusing any request whose signature, timestamp or nonce does not hold, with the exchange's code. */
/** `commit`: the stand-in's group commit; a nonce is on disk before its request goes on, so a restart cannot forget it. */
export function verifySignatures(store: HouseholdRegistrationStore, commit: GroupCommit, stats: RequestStats, options: SigningOptions) {
  const skewMs = (options.skewSeconds ?? 300) * 1000;
  const now = options.now ?? Date.now;
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const appKey = req.get(HEADERS.appKey);
    const timestamp = req.get(HEADERS.timestamp);
    const nonce = req.get(HEADERS.nonce);
    const signature = req.get(HEADERS.signature)?.toLowerCase();
    const refuse = (code: 'E1000' | 'E1001' | 'E1002' | 'E1003' | 'E1004') => {
      stats.count(`refused-${code}`);
      exchangeError(res, code);
    };
    if (!appKey || !timestamp || !nonce || !signature || !TIMESTAMP.test(timestamp) || !NONCE.test(nonce) || !SIGNATURE.test(signature)) return refuse('E1000');
    const secret = Object.hasOwn(options.apps, appKey) ? options.apps[appKey] : undefined;
    if (secret === undefined) return refuse('E1004');
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const expected = expectedSignature(secret, req.method, req.originalUrl, timestamp, nonce, body);
    if (!timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(signature, 'hex'))) return refuse('E1001');
    // Checked after the signature, so an unsigned request learns nothing about the clock or the nonces.
    const at = now();
    if (Math.abs(at - Number(timestamp) * 1000) > skewMs) return refuse('E1002');
    if (!(await commit.run(() => store.rememberNonce(appKey, nonce, at, 2 * skewMs)))) return refuse('E1003');
    res.locals.appKey = appKey;
    next();
  };
}
