/**
 * The shipped alert rules (deploy/prometheus/alerts.yml) and Grafana dashboard
 * (deploy/grafana/dashboards/resident-graph.json) read only metrics that the services export:
 * every metric name in a rule or panel expression must be in the /metrics of a running stack
 * (after a read and a report, so the system clients, workers and audit log have all been used).
 * Each alert has a summary, a description and a runbook link to a section of docs/operations.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SYSTEMS, type SystemName } from '../domain/systems';
import { SERVICES } from '../platform/services';
import { consistentResidents } from '../systems/seed/population';
import { exportedSeriesNames, metricNamesIn } from './support/promql';
import { deathOf, report } from './support/reports';
import { startStack, type Stack } from './support/stack';

const ROOT = join(__dirname, '..');
/** Series Prometheus makes itself for every target, not exported by a service. */
const PROMETHEUS_SERIES = new Set(['up']);

interface Rule {
  alert: string;
  expr: string;
  annotations?: Record<string, string>;
}


const readYaml = (path: string) => parse(readFileSync(join(ROOT, path), 'utf8')) as unknown;
const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/dashboards/resident-graph.json'), 'utf8')) as {
  uid: string;
  panels: { title: string; type: string; datasource?: { uid: string }; targets?: { expr: string; datasource?: { uid: string } }[] }[];
};
const alertRules = (readYaml('deploy/prometheus/alerts.yml') as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const panelExpressions = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr })));
const expressions = [...alertRules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })), ...panelExpressions];

describe('reading metric names out of PromQL', () => {
  it('finds the metrics and skips functions, labels, durations, grouping and numbers', () => {
    expect(metricNamesIn('histogram_quantile(0.95, sum by (system, le) (rate(system_call_duration_seconds_bucket{outcome!="ok"}[5m])))')).toEqual(['system_call_duration_seconds_bucket']);
    expect(metricNamesIn('sum(rate(a_total{x="b_total"}[5m] offset 1h)) / sum(rate(b_total[5m])) > 0.05 or max by (system) (c) == 2e3')).toEqual(['a_total', 'b_total', 'c']);
  });
});

describe('deployment configuration', () => {
  it('scrapes every service of platform/services.ts at its docker-compose containers (each replica, not the balancer in front of them), and loads the alert rules', () => {
    const config = readYaml('deploy/prometheus/prometheus.yml') as { rule_files: string[]; scrape_configs: { static_configs: { targets: string[] }[] }[] };
    const targets = new Set(config.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets)));
    const compose = readYaml('docker-compose.yml') as { services: Record<string, unknown> };
    // A replicated service's own name is its load balancer: a scrape there lands on a different replica each time.
    const containersOf = (name: string) => (`${name}-1` in compose.services ? Object.keys(compose.services).filter((c) => new RegExp(`^${name}-\\d+$`).test(c)) : [name]);
    const expected = SERVICES.flatMap((s) => containersOf(s.name).map((c) => `${c}:${s.port}`));
    expect(expected.filter((t) => !targets.has(t))).toEqual([]);
    expect([...targets].filter((t) => !expected.includes(t))).toEqual([]);
    expect(config.rule_files).toEqual(['alerts.yml']);
  });

  it('gives the dashboard the provisioned datasource in every panel and query', () => {
    const datasources = readYaml('deploy/grafana/provisioning/datasources/prometheus.yml') as { datasources: { uid: string; type: string }[] };
    const [prometheus] = datasources.datasources;
    expect(prometheus.type).toBe('prometheus');
    const graphs = dashboard.panels.filter((p) => p.type !== 'row');
    for (const panel of graphs) {
      expect([panel.title, panel.datasource?.uid, ...(panel.targets ?? []).map((t) => t.datasource?.uid)]).toEqual([panel.title, prometheus.uid, ...(panel.targets ?? []).map(() => prometheus.uid)]);
    }
    const providers = readYaml('deploy/grafana/provisioning/dashboards/resident-graph.yml') as { providers: { type: string; options: { path: string } }[] };
    expect(providers.providers[0]).toMatchObject({ type: 'file', options: { path: expect.stringMatching(/^\//) } });
  });
});

describe('alert rules and dashboard', () => {
  let stack: Stack;
  let exported: Set<string>;

  beforeAll(async () => {
    stack = await startStack();
    const person = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance)!;
    expect((await stack.query('query($id: ID!) { resident(idNumber: $id) { name } }', { id: person.idNumber }, await stack.token('civil-affairs'))).errors).toBeUndefined();
    expect((await report(stack, deathOf(person))).errors).toBeUndefined();
    const urls = [stack.gatewayUrl, ...Object.values(stack.subgraphs).map((s) => s.url), ...(Object.keys(stack.systems) as SystemName[]).map((s) => stack.systems[s].url)];
    exported = new Set<string>();
    for (const url of urls) for (const name of exportedSeriesNames(await (await fetch(`${url}/metrics`)).text())) exported.add(name);
    expect(Object.keys(SYSTEMS).length).toBe(Object.keys(stack.systems).length);
  }, 90_000);
  afterAll(() => stack?.close());

  it('has panels and alerts that read at least one metric each', () => {
    expect(alertRules.map((r) => r.alert).sort()).toEqual(['AuditLogFailing', 'DeliveriesFailing', 'DeliveriesPendingTooLong', 'GatewayErrorRate', 'ServiceDown', 'SystemDown']);
    expect(panelExpressions.length).toBeGreaterThanOrEqual(15);
    for (const { where, expr } of expressions) expect([where, metricNamesIn(expr).length > 0]).toEqual([where, true]);
  });

  it('reads only metrics the running services export', () => {
    const missing = expressions.flatMap(({ where, expr }) => metricNamesIn(expr).filter((name) => !exported.has(name) && !PROMETHEUS_SERIES.has(name)).map((name) => `${where}: ${name}`));
    expect(missing).toEqual([]);
  });

  it('gives every alert a summary, a description and a runbook section that exists', () => {
    const operations = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    const anchors = new Set([...operations.matchAll(/^#{2,4} (.+)$/gm)].map(([, heading]) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));
    for (const rule of alertRules) {
      expect([rule.alert, Boolean(rule.annotations?.summary), Boolean(rule.annotations?.description)]).toEqual([rule.alert, true, true]);
      const [file, anchor] = (rule.annotations?.runbook ?? '').split('#');
      expect([rule.alert, file, anchors.has(anchor)]).toEqual([rule.alert, 'docs/operations.md', true]);
    }
  });
});
