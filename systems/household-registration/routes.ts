/**
 * The exchange's household registration interfaces (every one behind the signature check and
 * the application's quota):
 *   POST /dex/v1/hukou/registrations/batch-query   {sfzhList: [...]}        up to 100 ID numbers
 *   GET  /dex/v1/hukou/changes?date=YYYY-MM-DD&page=1&pageSize=100          the day's cancellations
 *   GET  /dex/v1/hukou/changes?from=YYYY-MM-DD&to=YYYY-MM-DD&page=...       a span of days
 * Read-only: registrations are cancelled by the police, not through the exchange.
 */
import type { ErrorRequestHandler, Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { StandInContext } from '../shared/standIn';
import { perApplicationQuota } from './rateLimit';
import { verifySignatures, type SigningOptions } from './signature';
import { HouseholdRegistrationStore, type RegistrationRow } from './store';
import { API, BatchQueryBody, CANCEL_REASON_TEXT, ChangesQuery, exchangeError, exchangeOk, type WireRegistration } from './wire';

export interface ExchangeOptions extends SigningOptions {
  /** Requests per second an application may make; 0 = no quota. */
  ratePerSecond: number;
}

const compact = (date: string | null) => (date === null ? null : date.replace(/-/g, ''));

function toWire(row: RegistrationRow): WireRegistration {
  return { sfzh: row.id_number, hjzt: row.status, zxyydm: row.cancel_reason, zxyymc: row.cancel_reason && CANCEL_REASON_TEXT[row.cancel_reason], zxrq: compact(row.cancelled_on) };
}

const problems = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'request'} ${i.message}`).join('; ');

function parseJson(req: Request): unknown {
  try {
    return JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
  } catch {
    return undefined;
  }
}

export function householdRegistrationRoutes(router: Router, ctx: StandInContext, options: ExchangeOptions): void {
  const store = new HouseholdRegistrationStore(ctx.db);
  const { stats } = ctx;
  router.use(API, verifySignatures(store, ctx.commit, stats, options), perApplicationQuota(options.ratePerSecond, stats, options.now));

  router.post(`${API}/registrations/batch-query`, stats.as('batch-query'), (req: Request, res: Response) => {
    const parsed = BatchQueryBody.safeParse(parseJson(req));
    if (!parsed.success) return exchangeError(res, 'E2001', `Invalid request parameters: ${problems(parsed.error)}.`);
    // Numbers the system does not hold are simply absent, as on the exchange.
    exchangeOk(res, { list: store.registrations([...new Set(parsed.data.sfzhList)]).map(toWire) });
  });

  router.get(`${API}/changes`, stats.as('changes'), (req: Request, res: Response) => {
    const parsed = ChangesQuery.safeParse(req.query);
    if (!parsed.success) return exchangeError(res, 'E2001', `Invalid request parameters: ${problems(parsed.error)}.`);
    const { date, from, to, page, pageSize } = parsed.data;
    const { rows, total } = store.cancellations(date ?? from!, date ?? to!, page, pageSize);
    exchangeOk(res, { list: rows.map(toWire), page, pageSize, total, totalPages: Math.ceil(total / pageSize) });
  });

  router.use(API, (_req, res) => exchangeError(res, 'E2002'));
  const internal: ErrorRequestHandler = (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    exchangeError(res, typeof err?.status === 'number' && err.status < 500 ? 'E2001' : 'E5000');
  };
  router.use(internal);
}
