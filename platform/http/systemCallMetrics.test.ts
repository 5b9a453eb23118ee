/**
 * The client's system-call metrics: each call counted once with the right outcome, retries and
 * the breaker's state recorded, one set of families per registry, and no label value that could
 * be an ID number (paths carry them; labels must not).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { HttpClient } from './client';

/** Answers by the path's first segment: /ok, /fail (503), /conflict (409), /busy (429), /slow (late). */
async function systemStandIn() {
  const late = new Set<NodeJS.Timeout>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const what = req.url?.split('/')[1];
    if (what === 'ok') res.writeHead(200).end('{}');
    else if (what === 'fail') res.writeHead(503).end();
    else if (what === 'conflict') res.writeHead(409).end();
    else if (what === 'busy') res.writeHead(429, { 'Retry-After': '0' }).end();
    else late.add(setTimeout(() => res.writeHead(200).end(), 6000));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((r) => {
      for (const t of late) clearTimeout(t);
      server.closeAllConnections();
      server.close(() => r());
    });
  return { url, close };
}

async function valueOf(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const family = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const sample = family?.values.find((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want));
  return sample?.value ?? 0;
}

const ID_NUMBER = '110101199003077777'; // synthetic, in the shape of a resident ID number

describe('system-call metrics', () => {
  let system: Awaited<ReturnType<typeof systemStandIn>>;
  beforeAll(async () => (system = await systemStandIn()));
  afterAll(() => system.close());

  it('counts each call once under its outcome, with retries and its duration', async () => {
    const registry = new Registry();
    const client = new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: system.url, backoffBaseMs: 1, retries: 2, timeoutMs: 2000, breaker: { failureThreshold: 100 }, metrics: registry });
    await client.request({ method: 'GET', path: `/ok/${ID_NUMBER}`, operation: 'lookup' });
    await client.request({ method: 'GET', path: `/fail/${ID_NUMBER}`, operation: 'lookup' }).catch(() => undefined);
    await client.request({ method: 'POST', path: '/conflict', operation: 'write', idempotent: true }).catch(() => undefined);
    await client.request({ method: 'GET', path: '/busy', operation: 'lookup' }).catch(() => undefined);
    await client.request({ method: 'GET', path: '/slow', operation: 'lookup' }).catch(() => undefined);

    const calls = (operation: string, outcome: string) => valueOf(registry, 'system_calls_total', { system: 'SOCIAL_ASSISTANCE', operation, outcome });
    expect(await calls('lookup', 'ok')).toBe(1);
    expect(await calls('lookup', 'error')).toBe(1);
    expect(await calls('write', 'refused')).toBe(1);
    expect(await calls('lookup', 'rate_limited')).toBe(1);
    expect(await calls('lookup', 'timeout')).toBe(1);
    // 503 and 429 were each sent three times (two retries each); the refusal once; the slow call ran out its budget on the first attempt.
    expect(await valueOf(registry, 'system_call_retries_total', { operation: 'lookup' })).toBe(4);
    expect(await valueOf(registry, 'system_call_retries_total', { operation: 'write' })).toBe(0);
    const durations = (await registry.getMetricsAsJSON()).find((m) => m.name === 'system_call_duration_seconds');
    const timedOut = durations?.values.find((v) => (v as { metricName?: string }).metricName === 'system_call_duration_seconds_count' && v.labels.outcome === 'timeout');
    expect(timedOut?.value).toBe(1);
  });

  it('names an unreachable system unavailable, then circuit_open, and shows the breaker open', async () => {
    const registry = new Registry();
    const down = await systemStandIn();
    await down.close();
    const client = new HttpClient({ system: 'COMMUNITY_REGISTRY', baseUrl: down.url, retries: 0, breaker: { failureThreshold: 2, resetAfterMs: 60_000 }, metrics: registry });
    expect(await valueOf(registry, 'circuit_breaker_state', { system: 'COMMUNITY_REGISTRY', kind: 'read' })).toBe(0);
    for (let i = 0; i < 3; i++) await client.request({ method: 'GET', path: '/x' }).catch(() => undefined);
    expect(await valueOf(registry, 'system_calls_total', { operation: 'GET read', outcome: 'unavailable' })).toBe(2);
    expect(await valueOf(registry, 'system_calls_total', { operation: 'GET read', outcome: 'circuit_open' })).toBe(1);
    expect(await valueOf(registry, 'circuit_breaker_state', { system: 'COMMUNITY_REGISTRY', kind: 'read' })).toBe(2);
    expect(await valueOf(registry, 'circuit_breaker_state', { system: 'COMMUNITY_REGISTRY', kind: 'write' })).toBe(0);
  });

  it('keeps each registry’s counts apart, records nothing without one, and never puts a path in a label', async () => {
    const first = new Registry();
    const second = new Registry();
    const a = new HttpClient({ system: 'HEALTH_PLATFORM', baseUrl: system.url, metrics: first });
    const b = new HttpClient({ system: 'HEALTH_PLATFORM', baseUrl: system.url, metrics: second });
    const none = new HttpClient({ system: 'HEALTH_PLATFORM', baseUrl: system.url });
    await a.request({ method: 'GET', path: `/ok/${ID_NUMBER}` });
    await a.request({ method: 'POST', path: `/ok/${ID_NUMBER}`, body: '{}' });
    await b.request({ method: 'GET', path: `/ok/${ID_NUMBER}` });
    await none.request({ method: 'GET', path: `/ok/${ID_NUMBER}` });
    expect(await valueOf(first, 'system_calls_total', { operation: 'GET read', outcome: 'ok' })).toBe(1);
    expect(await valueOf(first, 'system_calls_total', { operation: 'POST write', outcome: 'ok' })).toBe(1);
    expect(await valueOf(second, 'system_calls_total', { operation: 'GET read', outcome: 'ok' })).toBe(1);
    for (const registry of [first, second]) {
      const labelValues = (await registry.getMetricsAsJSON()).flatMap((m) => m.values.flatMap((v) => Object.values(v.labels).map(String)));
      expect(labelValues.length).toBeGreaterThan(0);
      for (const value of labelValues) expect(value).not.toMatch(/\d{6,}|\//);
    }
  });
});
