/**
 * Every service's GET /metrics, scraped over real HTTP before and after what an operator watches:
 * a read, a report accepted, a report refused by a validation rule, a request without a token, one
 * too large, and a delivery that fails for good while its system is down. Each family moves by
 * exactly what was done, in the service that did it; no label value of any scrape is an ID number
 * or a name.
 */
import { consistentResidents, population } from '../systems/seed/population';
import { SYSTEMS, type SystemName } from '../domain/systems';
import { deathOf, report, waitForIntake } from './support/reports';
import { scrape, total, type Sample } from './support/scrape';
import { startStack, type Stack } from './support/stack';

const PERSON = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance && r.community === '510114002001')!;
const READ = 'query MetricsRead($id: ID!) { resident(idNumber: $id) { idNumber name } }';

let stack: Stack;

/** Every service of the stack by name: the gateway, each subgraph, each stand-in. */
function services(): Record<string, string> {
  const urls: Record<string, string> = { gateway: stack.gatewayUrl };
  for (const [name, running] of Object.entries(stack.subgraphs)) urls[name] = running.url;
  for (const [system, standIn] of Object.entries(stack.systems)) urls[SYSTEMS[system as SystemName].service] = standIn.url;
  return urls;
}

async function scrapeAll(): Promise<Record<string, Sample[]>> {
  const urls = services();
  const entries = await Promise.all(Object.entries(urls).map(async ([name, url]) => [name, await scrape(url)] as const));
  return Object.fromEntries(entries);
}

/** How much `name{labels}` of `service` moved between two scrapes. */
function moved(before: Record<string, Sample[]>, after: Record<string, Sample[]>, service: string, name: string, labels: Record<string, string> = {}): number {
  return total(after[service], name, labels) - total(before[service], name, labels);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  stack = await startStack({
    // Slow retries of a few attempts: the failing delivery stays PENDING long enough to be seen in the backlog.
    subgraphEnv: { DELIVERY_MAX_ATTEMPTS: '3', DELIVERY_BACKOFF_MS: '1500', DELIVERY_BACKOFF_MAX_MS: '1500', INTAKE_WAIT_MS: '500' },
  });
}, 60_000);
afterAll(() => stack?.close());

it('serves Prometheus text with default process metrics and its service label on every service', async () => {
  for (const [name, url] of Object.entries(services())) {
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^# TYPE process_cpu_seconds_total counter$/m);
    expect(text).toMatch(/^# TYPE nodejs_eventloop_lag_seconds gauge$/m);
    expect(total(await scrape(url), 'process_start_time_seconds', { service: name })).toBeGreaterThan(0);
  }
});

it('counts a read, an accepted and a refused report, an unauthenticated request and a failed delivery where each happened', async () => {
  const before = await scrapeAll();
  expect(total(before['civil-affairs'], 'delivery_backlog', { system: 'SOCIAL_ASSISTANCE' })).toBe(0);
  expect(total(before['civil-affairs'], 'delivery_failed_total', { system: 'SOCIAL_ASSISTANCE' })).toBe(0);

  // A read of a resident's name (personal data: audited in community).
  const read = await stack.query(READ, { id: PERSON.idNumber }, await stack.token('civil-affairs'));
  expect(read.errors).toBeUndefined();
  // A request without a token: refused at the gateway.
  expect((await stack.query(READ, { id: PERSON.idNumber }, null)).status).toBe(401);
  // A body over the gateway's limit: refused before it is read.
  const tooLarge = await fetch(`${stack.gatewayUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(200_000) }) });
  expect(tooLarge.status).toBe(413);
  // A report refused by a validation rule: the name does not match the registry's.
  const refused = await report(stack, deathOf(PERSON, { name: 'Not The Registered Name' }));
  expect(refused.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ rule: 'nameMismatch' })]);

  // A report accepted while social assistance is down: its delivery there waits, then fails for good.
  await stack.fault('SOCIAL_ASSISTANCE', { mode: 'down' });
  const accepted = (await report(stack, deathOf(PERSON))).data!.reportPopulationChange;
  const waiting = await until('the backlog to show the waiting delivery', async () => {
    const samples = await scrape(stack.subgraphs['civil-affairs'].url);
    return total(samples, 'delivery_backlog', { system: 'SOCIAL_ASSISTANCE' }) === 1 ? samples : undefined;
  });
  expect(total(waiting, 'delivery_oldest_pending_age_seconds', { system: 'SOCIAL_ASSISTANCE' })).toBeGreaterThan(0);
  await waitForIntake(stack, accepted.id, (i) => i.status === 'NEEDS_ATTENTION', 30_000);
  await stack.fault('SOCIAL_ASSISTANCE', { mode: 'none' });

  const after = await scrapeAll();
  const gateway = (operation: string, outcome: string) => moved(before, after, 'gateway', 'gateway_requests_total', { operation, outcome });
  expect(gateway('MetricsRead', 'ok')).toBe(1);
  expect(gateway('MetricsRead', 'unauthorized')).toBe(1);
  expect(gateway('anonymous', 'graphql_error')).toBe(1);
  expect(gateway('anonymous', 'too_large')).toBe(1);
  expect(gateway('anonymous', 'ok')).toBeGreaterThanOrEqual(1);
  expect(moved(before, after, 'gateway', 'gateway_request_duration_seconds_count', { operation: 'MetricsRead' })).toBe(2);

  expect(moved(before, after, 'community', 'intakes_total', { outcome: 'accepted', rule: 'none' })).toBe(1);
  expect(moved(before, after, 'community', 'intakes_total', { outcome: 'rejected', rule: 'nameMismatch' })).toBe(1);
  expect(moved(before, after, 'community', 'intakes_total')).toBe(2);
  expect(moved(before, after, 'community', 'graphql_resolver_errors_total', { subgraph: 'community', code: 'BAD_USER_INPUT' })).toBe(1);

  // The read and the accepted report each appended to the audit log in community; none failed.
  expect(moved(before, after, 'community', 'audit_append_duration_seconds_count')).toBeGreaterThanOrEqual(2);
  expect(total(after.community, 'audit_append_failures_total')).toBe(0);

  expect(moved(before, after, 'civil-affairs', 'delivery_failed_total', { system: 'SOCIAL_ASSISTANCE' })).toBe(1);
  expect(moved(before, after, 'civil-affairs', 'deliveries_completed_total', { system: 'SOCIAL_ASSISTANCE', outcome: 'failed' })).toBe(1);
  expect(total(after['civil-affairs'], 'delivery_backlog', { system: 'SOCIAL_ASSISTANCE' })).toBe(0);
  expect(total(after['civil-affairs'], 'delivery_oldest_pending_age_seconds', { system: 'SOCIAL_ASSISTANCE' })).toBe(0);
  // The other systems took the report; their departments counted it delivered (or not applicable).
  expect(moved(before, after, 'community', 'deliveries_completed_total', { system: 'COMMUNITY_REGISTRY' })).toBe(1);
  expect(moved(before, after, 'health', 'deliveries_completed_total', { system: 'HEALTH_PLATFORM' })).toBe(1);

  // The registry stand-in answered the read and took the report's write, counted by route pattern, never by the concrete path.
  expect(moved(before, after, 'community-registry', 'standin_requests_total', { route: '/registry/changes', status: '201' })).toBe(1);
  const registryRequests = after['community-registry'].filter((s) => s.name === 'standin_requests_total');
  expect(moved(before, after, 'community-registry', 'standin_requests_total', { status: '200' })).toBeGreaterThanOrEqual(1);
  expect(registryRequests.map((s) => s.labels.route).every((route) => route === 'unmatched' || route.startsWith('/'))).toBe(true);
}, 90_000);

it('counts the read\'s system calls by system, operation and outcome (the platform HTTP client\'s families)', async () => {
  const before = await scrape(stack.subgraphs.community.url);
  expect((await stack.query(READ, { id: PERSON.idNumber }, await stack.token('civil-affairs'))).errors).toBeUndefined();
  const after = await scrape(stack.subgraphs.community.url);
  const calls = (samples: Sample[]) => total(samples, 'system_calls_total', { system: 'COMMUNITY_REGISTRY', outcome: 'ok' });
  expect(calls(after) - calls(before)).toBeGreaterThanOrEqual(1);
  expect(total(after, 'system_call_duration_seconds_count', { system: 'COMMUNITY_REGISTRY' })).toBeGreaterThanOrEqual(1);
  expect(after.some((s) => s.name === 'circuit_breaker_state' && s.labels.system === 'COMMUNITY_REGISTRY')).toBe(true);
});

it('never carries an ID number or a seeded name in a label, in any service', async () => {
  // A read and a report of its own, so every service has labelled what a request about a person made it do.
  const other = consistentResidents().find((r) => r.community === PERSON.community && r.idNumber !== PERSON.idNumber)!;
  expect((await stack.query(READ, { id: other.idNumber }, await stack.token('civil-affairs'))).errors).toBeUndefined();
  expect((await report(stack, deathOf(other))).errors).toBeUndefined();
  const personal = new Set(population().residents.flatMap((r) => [r.idNumber, r.name]));
  const offending: string[] = [];
  for (const [service, samples] of Object.entries(await scrapeAll())) {
    for (const sample of samples) {
      for (const [label, value] of Object.entries(sample.labels)) {
        if (personal.has(value) || /\d{6,}/.test(value)) offending.push(`${service}: ${sample.name}{${label}="${value}"}`);
      }
    }
  }
  expect(offending).toEqual([]);
});
