/**
 * Traces through the real stack (every service in this process, real HTTP between them), caught
 * by the SDK's in-memory exporter under one provider: a read is one trace from the gateway's
 * request through each subgraph fetch and subgraph request to each system call, parents right;
 * a report's deliveries are traces of their own, linked to the report's; and no span name or
 * attribute holds a seeded ID number or name.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SYSTEM_NAMES, SYSTEMS, type SystemName } from '../domain/systems';
import { readFileSync } from 'node:fs';
import { processLoggingConfig } from '../platform/config';
import type { PersonalDataHit } from '../platform/tracing/personalDataGuard';
import { setupTracing, type Tracing } from '../platform/tracing/setup';
import { consistentResidents, population } from '../systems/seed/population';
import { deathOf, report, waitForIntake } from './support/reports';
import { startStack, type Stack } from './support/stack';

const READ = `query ResidentForTrace($id: ID!) { resident(idNumber: $id) {
  idNumber name community subsistenceAllowance { status } elderlySubsidy { status } vitalStatus { deceased } } }`;

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;
const traceOf = (span: ReadableSpan) => span.spanContext().traceId;

async function until<T>(what: string, read: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The JSON log lines this test process wrote (tests/support/setupEnv.js sends every line to LOG_FILE), with `field` equal to `value`. */
function logLinesWith(field: string, value: string): Record<string, unknown>[] {
  const file = processLoggingConfig().file?.path;
  if (!file) throw new Error('LOG_FILE is not set: tests/support/setupEnv.js sets it for every test run');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes(value))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line[field] === value);
}

/** Every seeded ID number and name: none may appear in a span. */
function personalValuesIn(spans: readonly ReadableSpan[]): string[] {
  const seeded = population().residents.flatMap((r) => [r.idNumber, r.name]);
  const texts = spans.flatMap((s) => [s.name, ...Object.values(s.attributes).map(String), ...s.links.flatMap((l) => Object.values(l.attributes ?? {}).map(String))]);
  return seeded.filter((value) => texts.some((t) => t.includes(value)));
}

describe('traces through the stack', () => {
  const exporter = new InMemorySpanExporter();
  const masked: PersonalDataHit[] = [];
  let tracing: Tracing;
  let stack: Stack;

  beforeAll(async () => {
    tracing = setupTracing({ serviceName: 'resident-graph-test' }, { exporter, onPersonalData: (hit) => masked.push(hit) });
    stack = await startStack();
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await tracing?.shutdown();
  });

  it('one read is one trace: gateway -> each subgraph fetch -> subgraph request -> each system call', async () => {
    const person = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance && r.registry.status === 'RESIDENT')!;
    const statsBefore = await Promise.all(SYSTEM_NAMES.map((s) => stack.stats(s)));
    exporter.reset();
    const res = await stack.query(READ, { id: person.idNumber }, await stack.token('civil-affairs'));
    expect(res.errors).toBeUndefined();
    const statsAfter = await Promise.all(SYSTEM_NAMES.map((s) => stack.stats(s)));
    const callsBySystem = Object.fromEntries(SYSTEM_NAMES.map((s, i) => [s, statsAfter[i].total - statsBefore[i].total])) as Record<SystemName, number>;

    // The gateway's span ends when its reply is written; a subgraph's when its own is: wait for one span per served system call, and the subgraphs'.
    const root = await until('the gateway span', () => exporter.getFinishedSpans().find((s) => s.name === 'gateway query ResidentForTrace'));
    const expectedSystemSpans = Object.values(callsBySystem).reduce((a, b) => a + b, 0);
    const spans = await until('every system call span and the subgraphs\' spans', () => {
      const now = exporter.getFinishedSpans();
      const systemCalls = now.filter((s) => s.attributes['resident_graph.system'] !== undefined).length;
      const subgraphs = now.filter((s) => s.kind === SpanKind.SERVER && s.attributes['resident_graph.subgraph'] !== undefined).length;
      const fetches = now.filter((s) => s.name.startsWith('subgraph fetch ')).length;
      return systemCalls >= expectedSystemSpans && fetches >= 3 && subgraphs === fetches ? now : undefined;
    });

    expect(root.parentSpanContext).toBeUndefined();
    expect(root.attributes).toMatchObject({ 'graphql.operation.name': 'ResidentForTrace', 'graphql.operation.type': 'query', 'http.response.status_code': 200, 'resident_graph.outcome': 'OK' });
    // One trace: every span of the read carries the gateway's trace id, and each has its parent among them.
    expect(new Set(spans.map(traceOf))).toEqual(new Set([traceOf(root)]));
    const byId = new Map(spans.map((s) => [idOf(s), s]));
    for (const span of spans) if (span !== root) expect(byId.has(parentOf(span)!)).toBe(true);
    const ancestors = (span: ReadableSpan): ReadableSpan[] => {
      const parent = byId.get(parentOf(span) ?? '');
      return parent ? [parent, ...ancestors(parent)] : [];
    };

    // Each subgraph touched: a fetch span at the gateway under the request span, the subgraph's span its child.
    const subgraphSpans = spans.filter((s) => s.name.startsWith('subgraph ') && !s.name.startsWith('subgraph fetch '));
    const touched = [...new Set(subgraphSpans.map((s) => s.attributes['resident_graph.subgraph']))].sort();
    expect(touched).toEqual(expect.arrayContaining(['civil-affairs', 'community', 'health']));
    for (const span of subgraphSpans) {
      const fetch = byId.get(parentOf(span)!)!;
      expect(fetch.name).toBe(`subgraph fetch ${span.attributes['resident_graph.subgraph']}`);
      expect(span.attributes['resident_graph.outcome']).toBe('OK');
      expect(ancestors(fetch)).toContain(root);
    }

    // Each system call: one span per call the stand-in served, a child of its department's subgraph span, with a route template.
    const systemSpans = spans.filter((s) => s.attributes['resident_graph.system'] !== undefined);
    const touchedSystems = SYSTEM_NAMES.filter((s) => callsBySystem[s] > 0);
    expect(touchedSystems).toEqual(expect.arrayContaining(['COMMUNITY_REGISTRY', 'SOCIAL_ASSISTANCE', 'HEALTH_PLATFORM']));
    for (const system of SYSTEM_NAMES) {
      const mine = systemSpans.filter((s) => s.attributes['resident_graph.system'] === system);
      expect({ system, spans: mine.length }).toEqual({ system, spans: callsBySystem[system] });
      for (const span of mine) {
        const parent = byId.get(parentOf(span)!)!;
        expect(parent.attributes['resident_graph.subgraph']).toBe(SYSTEMS[system].department);
        expect(span.attributes['http.response.status_code']).toBeGreaterThanOrEqual(200);
      }
    }

    expect(personalValuesIn(spans)).toEqual([]);
    expect(masked).toEqual([]);
  });

  it("a system that fails shows in the trace: its call's span, the subgraph's and the gateway's carry the error code", async () => {
    const person = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance && r.registry.status === 'RESIDENT')!;
    await stack.fault('SOCIAL_ASSISTANCE', { mode: 'error' });
    try {
      exporter.reset();
      const res = await stack.query(READ.replace('ResidentForTrace', 'ResidentWhileDown'), { id: person.idNumber }, await stack.token('civil-affairs'));
      const code = res.errors?.[0]?.extensions?.code;
      expect(code).toMatch(/^SYSTEM_/);
      const root = await until('the gateway span', () => exporter.getFinishedSpans().find((s) => s.name === 'gateway query ResidentWhileDown'));
      const spans = exporter.getFinishedSpans().filter((s) => traceOf(s) === traceOf(root));
      const failedCall = spans.find((s) => s.attributes['resident_graph.system'] === 'SOCIAL_ASSISTANCE')!;
      expect(failedCall.status.code).toBe(SpanStatusCode.ERROR);
      expect(failedCall.attributes).toMatchObject({ 'resident_graph.outcome': code, 'http.response.status_code': 500 });
      const civilAffairs = spans.find((s) => s.attributes['resident_graph.subgraph'] === 'civil-affairs' && s.name.startsWith('subgraph civil-affairs'))!;
      expect(civilAffairs.attributes).toMatchObject({ 'resident_graph.outcome': 'ERROR', 'resident_graph.error_codes': [code] });
      expect(root.attributes['resident_graph.error_codes']).toEqual([code]);
      expect(root.status.code).toBe(SpanStatusCode.ERROR);
    } finally {
      await stack.fault('SOCIAL_ASSISTANCE', { mode: 'none' });
    }
  });

  it("a request a subgraph refuses (no gateway proof) is traced too, in the caller's trace, with its status", async () => {
    exporter.reset();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${stack.subgraphs.hrss.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(401);
    const span = await until('the refused request span', () => exporter.getFinishedSpans().find((s) => s.attributes['resident_graph.subgraph'] === 'hrss'));
    expect(span.name).toBe('subgraph hrss');
    expect(traceOf(span)).toBe(traceId);
    expect(span.attributes['http.response.status_code']).toBe(401);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it("a report's deliveries are spans of their own, linked to the report's trace, with the system writes as their children", async () => {
    const person = consistentResidents().filter((r) => r.community === '510114001001' && r.registry.status === 'RESIDENT').at(-1)!;
    exporter.reset();
    const res = await report(stack, deathOf(person));
    expect(res.errors).toBeUndefined();
    const intakeId = res.data!.reportPopulationChange.id;
    await waitForIntake(stack, intakeId, (i) => i.deliveries.every((d) => d.status !== 'PENDING'));

    const reportSpan = await until('the report request at the community subgraph', () =>
      exporter.getFinishedSpans().find((s) => s.name.startsWith('subgraph community') && exporter.getFinishedSpans().some((g) => g.name.startsWith('gateway mutation') && traceOf(g) === traceOf(s))),
    );
    const deliveries = await until('a delivery span per system', () => {
      const found = exporter.getFinishedSpans().filter((s) => s.name.startsWith('delivery ') && s.attributes['resident_graph.intake.id'] === intakeId);
      return SYSTEM_NAMES.every((system) => found.some((s) => s.attributes['resident_graph.system'] === system)) ? found : undefined;
    });
    const spans = exporter.getFinishedSpans();
    for (const delivery of deliveries) {
      // A trace of its own, linked to the report's request span (the traceparent stored with the intake).
      expect(delivery.parentSpanContext).toBeUndefined();
      expect(traceOf(delivery)).not.toBe(traceOf(reportSpan));
      expect(delivery.links.map((l) => l.context)).toEqual([expect.objectContaining({ traceId: traceOf(reportSpan), spanId: idOf(reportSpan) })]);
      expect(delivery.attributes['resident_graph.outcome']).toMatch(/^(DELIVERED|NOT_APPLICABLE)$/);
    }
    // The writes: system-call spans under a delivery span, of that delivery's system.
    const writes = spans.filter((s) => s.attributes['http.request.method'] !== 'GET' && deliveries.some((d) => idOf(d) === parentOf(s) && d.attributes['resident_graph.system'] === s.attributes['resident_graph.system']));
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) expect(traceOf(write)).toBe(traceOf(deliveries.find((d) => idOf(d) === parentOf(write))!));

    expect(personalValuesIn(spans)).toEqual([]);
    expect(masked).toEqual([]);
  });

  it("every request-scoped log line carries the request id and the request's trace id, at the gateway and in the subgraph", async () => {
    const person = consistentResidents().filter((r) => r.community === '510114001001' && r.registry.status === 'RESIDENT').at(-2)!;
    exporter.reset();
    const res = await report(stack, deathOf(person));
    expect(res.errors).toBeUndefined();
    const intakeId = res.data!.reportPopulationChange.id;
    const gatewaySpan = await until('the gateway span', () => exporter.getFinishedSpans().find((s) => s.name === 'gateway mutation anonymous'));

    // The community subgraph's line about the intake, written through the request's child logger.
    const [accepted] = await until('the intake accepted line', () => {
      const lines = logLinesWith('intakeId', intakeId).filter((l) => l.msg === 'intake accepted');
      return lines.length ? lines : undefined;
    });
    expect(accepted).toMatchObject({ service: 'community', traceId: traceOf(gatewaySpan) });
    // The gateway's line of the same request: same request id, same trace id.
    const gatewayLines = await until('the gateway request line', () => {
      const lines = logLinesWith('requestId', accepted.requestId as string).filter((l) => l.service === 'gateway');
      return lines.length ? lines : undefined;
    });
    for (const line of gatewayLines) expect(line.traceId).toBe(traceOf(gatewaySpan));
  });
});
