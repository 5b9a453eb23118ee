/**
 * The gateway's Prometheus metrics (prom-client, on the gateway's own registry):
 * `gateway_requests_total{operation,outcome}` and `gateway_request_duration_seconds{operation,outcome}`.
 *
 * Every /graphql request is counted once, when its answer has been sent (Express middleware), so
 * refusals before Apollo (401, 413, 429, a bad body) count too. An Apollo plugin tells the
 * middleware the operation's name and whether the answer carried errors; it finds the request's
 * probe in the context (`context` wrapper), Apollo giving plugins no response object.
 * Labels never carry personal data: the operation name is the client's own identifier, kept only
 * when it looks like one (operationLabel.ts), never variables or values.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram } from 'prom-client';
import { createMetricsRegistry, type Registry } from '../platform/metrics/registry';
import { OperationLabels } from './operationLabel';

export type GatewayOutcome = 'ok' | 'graphql_error' | 'bad_request' | 'unauthorized' | 'rate_limited' | 'too_large' | 'error';

/** What one request's answer was, filled in by the Apollo plugin when the request reached Apollo. */
interface Probe {
  operation?: string;
  errors: boolean;
}

/** The first operation's name in a query text, without parsing it (a refused request is not worth a parse). */
const NAMED_OPERATION = /^\s*(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/;

function operationNameOfBody(body: unknown): unknown {
  const { operationName, query } = (body ?? {}) as { operationName?: unknown; query?: unknown };
  if (operationName !== undefined && operationName !== null) return operationName;
  return typeof query === 'string' ? NAMED_OPERATION.exec(query)?.[1] : undefined;
}

const PROBE = Symbol('gateway metrics probe');

/** The outcome label from the HTTP status and whether a 200 carried GraphQL errors. */
export function outcomeOf(status: number, hadErrors: boolean): GatewayOutcome {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'error';
  if (status >= 400) return 'bad_request';
  return hadErrors ? 'graphql_error' : 'ok';
}

/** Latency buckets in seconds: a cached read in milliseconds up to a slow legacy system's budget. */
const BUCKETS_SECONDS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class GatewayMetrics {
  readonly registry: Registry;
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation' | 'outcome'>;
  private readonly operations = new OperationLabels();

  constructor(registry: Registry = createMetricsRegistry('gateway')) {
    this.registry = registry;
    this.requests = new Counter({
      name: 'gateway_requests_total',
      help: 'GraphQL requests to /graphql by operation name and outcome (ok, graphql_error, bad_request, unauthorized, rate_limited, too_large, error).',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'gateway_request_duration_seconds',
      help: 'Time from receiving a /graphql request to its answer being sent, by operation name and outcome.',
      labelNames: ['operation', 'outcome'],
      buckets: BUCKETS_SECONDS,
      registers: [registry],
    });
  }

  /** Express middleware, first on /graphql: measures every request, whoever answers it. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const started = process.hrtime.bigint();
      const probe: Probe = { errors: false };
      res.locals.metricsProbe = probe;
      res.on('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        // Refused before Apollo (no token, over the limit): the name the body gives, if it was read at all.
        const named = probe.operation ?? operationNameOfBody(req.body);
        const labels = { operation: this.operations.label(named), outcome: outcomeOf(res.statusCode, probe.errors) };
        this.requests.inc(labels);
        this.duration.observe(labels, seconds);
      });
      next();
    };
  }

  /** Wraps the context function so the plugin finds the request's probe in the context it is given. */
  context<Ctx extends object>(make: (req: Request) => Promise<Ctx>) {
    return async ({ req, res }: { req: Request; res: Response }): Promise<Ctx> => {
      const ctx = await make(req);
      const probe = res.locals.metricsProbe as Probe | undefined;
      // A symbol key: Apollo hands plugins a shallow copy of the context, which keeps it.
      if (probe) Object.assign(ctx, { [PROBE]: probe });
      return ctx;
    };
  }

  /** The Apollo plugin that records the operation's name and whether the answer carried errors. */
  plugin<Ctx extends object>(): ApolloServerPlugin<Ctx> {
    return {
      async requestDidStart({ contextValue }) {
        const probe = (contextValue as { [PROBE]?: Probe })[PROBE];
        if (!probe) return;
        return {
          async didResolveOperation({ operationName }) {
            probe.operation = operationName ?? undefined;
          },
          async willSendResponse({ response, operationName }) {
            probe.operation ??= operationName ?? undefined;
            if (response.body.kind === 'single') probe.errors = (response.body.singleResult.errors?.length ?? 0) > 0;
          },
        };
      },
    };
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }
}
