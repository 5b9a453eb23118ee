/**
 * One Prometheus registry per service (gateway, each department subgraph, each stand-in), so
 * several services hosted in one process (npm start's departments, tests on port 0) each serve
 * only their own metrics on their own GET /metrics. Default process metrics (CPU, memory, event
 * loop lag, GC) are included in each. Every family carries a `service` label; no label ever
 * carries personal data (no ID numbers, names, variables or free text: codes and names of ours).
 */
import { collectDefaultMetrics, Registry, type Metric } from 'prom-client';

export { Registry };

export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The content type Prometheus scrapes (text exposition format 0.0.4). */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/**
 * The family `name` of `registry`, made by `make` on first use: a part built twice on one registry
 * (a subgraph app restarted in a test, two workers of one department) shares the family instead of
 * failing prom-client's "already registered".
 */
export function family<M extends Metric>(registry: Registry, name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}
