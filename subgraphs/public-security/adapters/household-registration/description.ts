/**
 * What the household registration system looks like from public security's side, through the
 * district's data-sharing exchange: its interfaces, the application-key signature every request
 * carries, the JSON envelope {code, message, data} with the exchange's own error codes, and its
 * records (pinyin-abbreviated names, status and reason codes, dates as YYYYMMDD) read as the
 * department's domain type.
 */
import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';

/** A resident's household registration (户籍), as the graph tells it. */
export type RegistrationStatus = 'REGISTERED' | 'CANCELLED_DEATH' | 'CANCELLED_MOVED_OUT';
export interface HouseholdRegistration {
  status: RegistrationStatus;
  /** YYYY-MM-DD the registration was cancelled; null while it stands. */
  cancelledOn: string | null;
  /** The reason in the system's own words (e.g. 死亡注销); null while it stands. */
  reason: string | null;
}

/** One cancellation of the daily change list. */
export interface Cancellation extends HouseholdRegistration {
  idNumber: string;
}

/** The application the platform is registered as on the exchange. */
export interface ExchangeApp {
  key: string;
  secret: string;
}

export const MAX_IDS_PER_QUERY = 100;
export const MAX_PAGE_SIZE = 500;

export const paths = {
  batchQuery: '/dex/v1/hukou/registrations/batch-query',
  changes: (from: string, to: string, page: number, pageSize: number) => `/dex/v1/hukou/changes?from=${from}&to=${to}&page=${page}&pageSize=${pageSize}`,
};

/**
 * The signing headers of one request: X-Signature = hex(HMAC-SHA256(secret, METHOD \n PATH?QUERY
 * \n TIMESTAMP \n NONCE \n hex(SHA-256(body)))), with the timestamp in Unix seconds.
 */
export function signingHeaders(app: ExchangeApp, method: string, pathWithQuery: string, body: string, timestampSeconds: number, nonce: string): Record<string, string> {
  const timestamp = String(timestampSeconds);
  const digest = createHash('sha256').update(body).digest('hex');
  const signature = createHmac('sha256', app.secret).update([method.toUpperCase(), pathWithQuery, timestamp, nonce, digest].join('\n')).digest('hex');
  return { 'X-App-Key': app.key, 'X-Timestamp': timestamp, 'X-Nonce': nonce, 'X-Signature': signature };
}

/** What each of the exchange's refusals means for the caller: whether signing again can help, and what to do. */
export const EXCHANGE_CODES: Record<string, { retryable: boolean; meaning: string }> = {
  E1000: { retryable: false, meaning: 'signing headers missing or malformed (an adapter fault)' },
  E1001: { retryable: false, meaning: 'signature does not match: check HOUSEHOLD_REGISTRATION_APP_SECRET' },
  E1002: { retryable: false, meaning: "timestamp outside the exchange's clock-skew window: check this machine's clock" },
  E1003: { retryable: true, meaning: 'nonce seen before' },
  E1004: { retryable: false, meaning: 'application key unknown to the exchange: check HOUSEHOLD_REGISTRATION_APP_KEY' },
  E1005: { retryable: true, meaning: "over the application's request quota" },
  E2001: { retryable: false, meaning: 'request parameters refused (an adapter fault)' },
  E2002: { retryable: false, meaning: 'no such interface (an adapter fault)' },
  E5000: { retryable: true, meaning: 'internal error of the exchange' },
};

const Envelope = <T extends z.ZodType>(data: T) => z.object({ code: z.literal('0'), message: z.string(), data });
export const WireError = z.object({ code: z.string(), message: z.string().optional() });

const WireRegistration = z.object({
  sfzh: z.string(),
  hjzt: z.enum(['1', '2']),
  zxyydm: z.enum(['10', '20']).nullable(),
  zxyymc: z.string().nullable(),
  zxrq: z.string().regex(/^\d{8}$/).nullable(),
});
type WireRegistration = z.output<typeof WireRegistration>;

export const BatchReply = Envelope(z.object({ list: z.array(WireRegistration) }));
export const ChangesReply = Envelope(z.object({ list: z.array(WireRegistration), page: z.number().int(), totalPages: z.number().int() }));

const isoDate = (yyyymmdd: string | null) => (yyyymmdd === null ? null : `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`);

export function toRegistration(wire: WireRegistration): HouseholdRegistration {
  if (wire.hjzt === '1') return { status: 'REGISTERED', cancelledOn: null, reason: null };
  return { status: wire.zxyydm === '10' ? 'CANCELLED_DEATH' : 'CANCELLED_MOVED_OUT', cancelledOn: isoDate(wire.zxrq), reason: wire.zxyymc };
}
