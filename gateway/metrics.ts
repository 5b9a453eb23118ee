/**
 * Prometheus text metrics for GET /metrics: requests by outcome and a latency histogram.
 * Labels never carry personal data (no variables, no ID numbers).
 */
import type { NextFunction, Request, Response } from 'express';

const BUCKETS_MS = [25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

export class GatewayMetrics {
  private requests = new Map<string, number>();
  private buckets = new Array<number>(BUCKETS_MS.length).fill(0);
  private count = 0;
  private sumMs = 0;

  /** Express middleware measuring every /graphql request. */
  middleware() {
    return (_req: Request, res: Response, next: NextFunction): void => {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const key = String(res.statusCode);
        this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
        this.count++;
        this.sumMs += ms;
        BUCKETS_MS.forEach((b, i) => {
          if (ms <= b) this.buckets[i]++;
        });
      });
      next();
    };
  }

  render(): string {
    const lines = [
      '# HELP gateway_graphql_requests_total GraphQL HTTP requests by status code.',
      '# TYPE gateway_graphql_requests_total counter',
      ...[...this.requests].map(([status, n]) => `gateway_graphql_requests_total{status="${status}"} ${n}`),
      '# HELP gateway_graphql_request_duration_ms GraphQL HTTP request duration.',
      '# TYPE gateway_graphql_request_duration_ms histogram',
      ...BUCKETS_MS.map((b, i) => `gateway_graphql_request_duration_ms_bucket{le="${b}"} ${this.buckets[i]}`),
      `gateway_graphql_request_duration_ms_bucket{le="+Inf"} ${this.count}`,
      `gateway_graphql_request_duration_ms_sum ${this.sumMs.toFixed(3)}`,
      `gateway_graphql_request_duration_ms_count ${this.count}`,
    ];
    return lines.join('\n') + '\n';
  }
}
