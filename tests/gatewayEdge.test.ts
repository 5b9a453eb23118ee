/** The gateway's own endpoints: health, readiness that follows the subgraphs, metrics. */
import { SERVICES } from '../platform/services';
import { parseMetrics, total } from './support/scrape';
import { startStack, type Stack } from './support/stack';

describe('gateway edge endpoints', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);
  afterAll(() => stack?.close());

  it('/healthz answers ok', async () => {
    const res = await fetch(`${stack.gatewayUrl}/healthz`);
    expect(res.status).toBe(200);
  });

  it('/readyz is ready when every subgraph answers', async () => {
    const res = await fetch(`${stack.gatewayUrl}/readyz`);
    expect(res.status).toBe(200);
    const subgraphs = SERVICES.filter((s) => s.kind === 'subgraph').map((s) => [s.name, 'up']);
    expect(await res.json()).toEqual({ ready: true, subgraphs: Object.fromEntries(subgraphs) });
  });

  it('/metrics counts GraphQL requests by operation and outcome in Prometheus text format', async () => {
    await stack.query('query EdgeCommunities { communities { code } }');
    const res = await fetch(`${stack.gatewayUrl}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseMetrics(await res.text());
    const labels = { service: 'gateway', operation: 'EdgeCommunities', outcome: 'ok' };
    expect(total(samples, 'gateway_requests_total', labels)).toBe(1);
    expect(total(samples, 'gateway_request_duration_seconds_count', labels)).toBe(1);
  });
});

describe('readiness', () => {
  it('is not ready, and says which subgraph, when one does not answer', async () => {
    const { checkReadiness } = await import('../gateway/health');
    const { listen } = await import('../platform/server/listen');
    const up = await listen((_req, res) => res.end('ok'), 0);
    const down = await listen((_req, res) => res.end('ok'), 0);
    await down.close();
    try {
      await expect(checkReadiness({ community: up.url, health: down.url }, 500)).resolves.toEqual({ ready: false, subgraphs: { community: 'up', health: 'down' } });
    } finally {
      await up.close();
    }
  });
});
