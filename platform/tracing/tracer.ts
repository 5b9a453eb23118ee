/**
 * What every span-making module shares: the tracer (the globally registered provider's, a no-op
 * until setupTracing ran), the attribute names this platform uses, and the W3C traceparent of a
 * span, kept with an intake so its deliveries can link back to the report's trace.
 */
import { context, propagation, ROOT_CONTEXT, SpanStatusCode, trace, type Span, type SpanContext } from '@opentelemetry/api';

const TRACER_NAME = 'resident-graph';

/** Looked up on each use: a provider registered (or replaced, in tests) later is the one used. */
export const tracer = () => trace.getTracer(TRACER_NAME);

/** Attribute keys of our own (the rest are OpenTelemetry's semantic conventions). Values are never personal data. */
export const ATTR = {
  service: 'resident_graph.service',
  subgraph: 'resident_graph.subgraph',
  system: 'resident_graph.system',
  intakeId: 'resident_graph.intake.id',
  attempt: 'resident_graph.delivery.attempt',
  outcome: 'resident_graph.outcome',
  errorCodes: 'resident_graph.error_codes',
  operationName: 'graphql.operation.name',
  operationType: 'graphql.operation.type',
  httpMethod: 'http.request.method',
  httpRoute: 'http.route',
  httpStatus: 'http.response.status_code',
} as const;

/** The trace id of `span`, or undefined when there is none (tracing never set up: the no-op span's all-zero id). */
export function traceIdOf(span: Span | undefined): string | undefined {
  const ctx = span?.spanContext();
  return ctx && trace.isSpanContextValid(ctx) ? ctx.traceId : undefined;
}

/** The trace id of the span active here (AsyncLocalStorage), if any. */
export const activeTraceId = (): string | undefined => traceIdOf(trace.getActiveSpan());

/** The W3C traceparent of the span active here, if there is a valid one (tracing set up). */
export function activeTraceParent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The trace-context headers (traceparent) of `span`, for a request made on its behalf. */
export function traceHeadersOf(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return carrier;
}

/** The span context a stored traceparent names (a link's target), or undefined for an absent or malformed one. */
export function spanContextOf(traceParent: string | undefined): SpanContext | undefined {
  if (!traceParent) return undefined;
  const extracted = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent: traceParent }));
  return extracted && trace.isSpanContextValid(extracted) ? extracted : undefined;
}

/** Ends `span` as failed with a code (an error's `code`, never its message: messages may quote input). */
export function endFailed(span: Span, err: unknown): void {
  const code = typeof (err as { code?: unknown } | null)?.code === 'string' ? (err as { code: string }).code : 'INTERNAL_ERROR';
  span.setAttribute(ATTR.outcome, code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
  span.end();
}

/**
 * Ends a server span when its HTTP reply has gone out (or the connection closed first), with the
 * status code; a status from `errorFrom` up, or a reply cut short, marks the span failed.
 */
export function endWithResponse(span: Span, res: { statusCode: number; writableFinished: boolean; once(event: 'finish' | 'close', listener: () => void): unknown }, errorFrom: number): void {
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    span.setAttribute(ATTR.httpStatus, res.statusCode);
    if (res.statusCode >= errorFrom || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR, message: res.writableFinished ? `HTTP ${res.statusCode}` : 'connection closed before the reply' });
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
}
