/**
 * A stand-in's Prometheus metrics, as a real system's exporter would give them: default process
 * metrics and `standin_requests_total{system,route,status}`, its protocol requests by the route
 * pattern that answered (never the concrete path, which can carry an ID number) and HTTP status.
 * A request answered before any route (an injected fault, an unknown path) counts as "unmatched".
 */
import type { NextFunction, Request, Response } from 'express';
import { Counter } from 'prom-client';
import type { SystemName } from '../../domain/systems';
import { createMetricsRegistry, type Registry } from '../../platform/metrics/registry';

export interface StandInMetrics {
  registry: Registry;
  /** Middleware in front of the protocol routes: counts each request once it is answered. */
  count(req: Request, res: Response, next: NextFunction): void;
}

export function standInMetrics(system: SystemName, service: string): StandInMetrics {
  const registry = createMetricsRegistry(service);
  const requests = new Counter({
    name: 'standin_requests_total',
    help: 'Protocol requests the stand-in answered, by route pattern and HTTP status.',
    labelNames: ['system', 'route', 'status'] as const,
    registers: [registry],
  });
  return {
    registry,
    count(req, res, next) {
      res.on('finish', () => {
        const route = (req.route as { path?: unknown } | undefined)?.path;
        requests.inc({ system, route: typeof route === 'string' ? route : 'unmatched', status: String(res.statusCode) });
      });
      next();
    },
  };
}
