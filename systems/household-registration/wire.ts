/**
 * The district data-sharing exchange's household registration API (数据共享交换平台, 户籍信息),
 * as the exchange speaks it: every request signed with an application's key (X-App-Key,
 * X-Timestamp, X-Nonce, X-Signature), every answer a JSON envelope {code, message, data} whose
 * code is "0" on success and the exchange's own error code otherwise, records in the exchange's
 * pinyin-abbreviated field names with dates as YYYYMMDD. The adapter in subgraphs/public-security
 * describes the same protocol from the caller's side.
 */
import type { Response } from 'express';
import { z } from 'zod';

export const API = '/dex/v1/hukou';
/** Most ID numbers one batch query may carry. */
export const MAX_IDS_PER_QUERY = 100;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

export const HEADERS = { appKey: 'x-app-key', timestamp: 'x-timestamp', nonce: 'x-nonce', signature: 'x-signature' } as const;

/** The exchange's error codes: the HTTP status it answers with and what each means. */
export const EXCHANGE_ERRORS = {
  E1000: { status: 400, message: 'Signing headers missing or malformed: send X-App-Key, X-Timestamp (Unix seconds), X-Nonce (16-64 of [A-Za-z0-9-]) and X-Signature (64 hex).' },
  E1001: { status: 401, message: 'Signature does not match: HMAC-SHA256(appSecret, METHOD\\nPATH?QUERY\\nTIMESTAMP\\nNONCE\\nSHA256_HEX(BODY)) in lowercase hex.' },
  E1002: { status: 401, message: 'Timestamp outside the allowed clock skew: sync the caller\'s clock and sign again.' },
  E1003: { status: 401, message: 'Nonce already used within the skew window: sign every request with a fresh nonce.' },
  E1004: { status: 401, message: 'Unknown application key: ask the exchange to register the application.' },
  E1005: { status: 429, message: 'Request rate of the application exceeded: retry after the Retry-After seconds.' },
  E2001: { status: 400, message: 'Invalid request parameters.' },
  E2002: { status: 404, message: 'No such interface on the exchange.' },
  E5000: { status: 500, message: 'Internal error of the exchange.' },
} as const;
export type ExchangeErrorCode = keyof typeof EXCHANGE_ERRORS;

/** Answers with the exchange's envelope for an error; `detail` replaces the generic message. */
export function exchangeError(res: Response, code: ExchangeErrorCode, detail?: string): void {
  const { status, message } = EXCHANGE_ERRORS[code];
  if (code === 'E1005') res.setHeader('Retry-After', '1');
  res.status(status).json({ code, message: detail ?? message, data: null });
}

export function exchangeOk(res: Response, data: unknown): void {
  res.json({ code: '0', message: 'success', data });
}

/** 户籍状态: 1 normal (registered), 2 cancelled. */
export type WireStatus = '1' | '2';
/** 注销原因: 10 death, 20 moved out of the district. */
export type WireCancelReason = '10' | '20';
export const CANCEL_REASON_TEXT: Record<WireCancelReason, string> = { '10': '死亡注销', '20': '迁出注销' };

/** One registration as the exchange answers it. */
export interface WireRegistration {
  /** 身份证号 */
  sfzh: string;
  /** 户籍状态 */
  hjzt: WireStatus;
  /** 注销原因代码 */
  zxyydm: WireCancelReason | null;
  /** 注销原因名称 */
  zxyymc: string | null;
  /** 注销日期, YYYYMMDD */
  zxrq: string | null;
}

const IdNumber = z.string().regex(/^\d{17}[\dX]$/, 'must be 17 digits followed by a digit or X');
export const BatchQueryBody = z.strictObject({
  sfzhList: z.array(IdNumber).min(1, 'must hold at least 1 ID number').max(MAX_IDS_PER_QUERY, `must hold at most ${MAX_IDS_PER_QUERY} ID numbers`),
});

const IsoDate = z.iso.date();
const whole = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
/** The daily change list: one day (`date`) or a span (`from`..`to`), a page at a time. */
export const ChangesQuery = z
  .strictObject({
    date: IsoDate.optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    page: whole(1, 100_000, 1),
    pageSize: whole(1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  })
  .refine((q) => (q.date !== undefined) !== (q.from !== undefined && q.to !== undefined), 'give either date, or both from and to')
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, 'from must not be after to');
