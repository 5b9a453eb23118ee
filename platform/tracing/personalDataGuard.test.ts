/**
 * The guard masks ID-number shapes and names in span names and attributes before any exporter
 * sees them, reports each by key (never by value), and leaves the platform's own attributes alone.
 */
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { looksPersonal, MASKED, PersonalDataGuard, type PersonalDataHit } from './personalDataGuard';

function capture() {
  const exporter = new InMemorySpanExporter();
  const hits: PersonalDataHit[] = [];
  const provider = new BasicTracerProvider({ spanProcessors: [new PersonalDataGuard((hit) => hits.push(hit)), new SimpleSpanProcessor(exporter)] });
  return { tracer: provider.getTracer('guard-test'), exporter, hits };
}

describe('PersonalDataGuard', () => {
  it('masks an ID number (18 digits, X check character, old 15 digits) or a name in attributes and the span name, reporting only keys', () => {
    const { tracer, exporter, hits } = capture();
    const span = tracer.startSpan('GET /residents/11010519491231002X');
    span.setAttributes({
      'http.route': '/registry/persons/110105194912310021',
      'old.id': '110105491231002',
      'resident.name': '张三',
      'id.list': ['ok', '11010519491231002x'],
      'resident_graph.system': 'SOCIAL_INSURANCE',
      'http.response.status_code': 200,
      'resident_graph.intake.id': 'int_Zx3kP0q9w8e7r6t5y4u3i2',
    });
    span.addEvent('exception', { 'exception.message': 'no resident 110105194912310021' });
    span.end();
    const [done] = exporter.getFinishedSpans();
    expect(done.name).toBe(MASKED);
    expect(done.attributes).toEqual({
      'http.route': MASKED,
      'old.id': MASKED,
      'resident.name': MASKED,
      'id.list': MASKED,
      'resident_graph.system': 'SOCIAL_INSURANCE',
      'http.response.status_code': 200,
      'resident_graph.intake.id': 'int_Zx3kP0q9w8e7r6t5y4u3i2',
    });
    expect(done.events[0].attributes).toEqual({ 'exception.message': MASKED });
    expect(hits.map((h) => h.key).sort()).toEqual(['event.exception.message', 'http.route', 'id.list', 'name', 'old.id', 'resident.name']);
    expect(JSON.stringify(hits)).not.toMatch(/\d{15}|张/);
  });

  it('leaves what the platform records as it is: systems, route templates, operation names, status codes, trace ids', () => {
    const { tracer, exporter, hits } = capture();
    const attributes = { 'http.route': '/si/v2/insured-persons/{id}', 'graphql.operation.name': 'ResidentForTrace__hrss__0', 'resident_graph.delivery.attempt': 3, 'resident_graph.error_codes': ['SYSTEM_TIMEOUT'] };
    tracer.startSpan('GET SOCIAL_INSURANCE /si/v2/insured-persons/{id}', { attributes }).end();
    expect(exporter.getFinishedSpans()[0].attributes).toEqual(attributes);
    expect(hits).toEqual([]);
    // A 32-hex-digit trace id may hold long digit runs only by chance: hex letters break them, and ids are not attribute values anyway.
    expect(looksPersonal('4bf92f3577b34da6a3ce929d0e0e4736')).toBe(false);
  });
});
