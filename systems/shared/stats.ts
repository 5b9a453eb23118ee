/**
 * Counts of the requests a stand-in has served, by kind (`GET /__admin/stats`): tests read
 * them to prove batching (one call for a list) and that rejected requests reach no system.
 */
import type { NextFunction, Request, Response } from 'express';

export interface StatsSnapshot {
  system: string;
  since: string;
  total: number;
  byKind: Record<string, number>;
}

export class RequestStats {
  private since = new Date();
  private total = 0;
  private byKind = new Map<string, number>();

  constructor(private readonly system: string) {}

  count(kind: string): void {
    this.total++;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
  }

  /** Route middleware: `router.get('/path', stats.as('lookup'), handler)`. */
  as(kind: string) {
    return (_req: Request, _res: Response, next: NextFunction): void => {
      this.count(kind);
      next();
    };
  }

  reset(): void {
    this.since = new Date();
    this.total = 0;
    this.byKind.clear();
  }

  snapshot(): StatsSnapshot {
    return { system: this.system, since: this.since.toISOString(), total: this.total, byKind: Object.fromEntries(this.byKind) };
  }
}
