/**
 * The exchange's quota per application: at most `perSecond` requests in any one-second window
 * (E1005, HTTP 429, Retry-After: 1). A fixed window per application, as the exchange counts it.
 */
import type { NextFunction, Request, Response } from 'express';
import type { RequestStats } from '../shared/stats';
import { exchangeError } from './wire';

export function perApplicationQuota(perSecond: number, stats: RequestStats, now: () => number = Date.now) {
  const windows = new Map<string, { second: number; count: number }>();
  return (_req: Request, res: Response, next: NextFunction): void => {
    if (perSecond <= 0) return next();
    const appKey = String(res.locals.appKey);
    const second = Math.floor(now() / 1000);
    const window = windows.get(appKey);
    if (!window || window.second !== second) windows.set(appKey, { second, count: 1 });
    else if (++window.count > perSecond) {
      stats.count('refused-E1005');
      return exchangeError(res, 'E1005');
    }
    next();
  };
}
