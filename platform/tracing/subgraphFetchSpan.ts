/**
 * The gateway's CLIENT span of one fetch to a subgraph: a child of the span active where Apollo's
 * gateway runs the fetch (its own `gateway.fetch`, under the gateway's request span), whose trace
 * context the subgraph receives in the traceparent header. The gateway's proof covers the body and
 * its own headers only, so adding traceparent leaves the proof valid (and a forged traceparent
 * changes nothing but where a trace is filed).
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR, endFailed, traceHeadersOf, tracer } from './tracer';

export async function withSubgraphFetchSpan(subgraph: string, fetchOnce: (traceHeaders: Record<string, string>) => Promise<Response>): Promise<Response> {
  const span = tracer().startSpan(`subgraph fetch ${subgraph}`, {
    kind: SpanKind.CLIENT,
    attributes: { [ATTR.subgraph]: subgraph, [ATTR.httpMethod]: 'POST', [ATTR.httpRoute]: '/graphql' },
  });
  try {
    const res = await context.with(trace.setSpan(context.active(), span), () => fetchOnce(traceHeadersOf(span)));
    span.setAttribute(ATTR.httpStatus, res.status);
    if (res.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${res.status}` });
    span.end();
    return res;
  } catch (err) {
    endFailed(span, { code: (err as { name?: string } | null)?.name === 'TimeoutError' ? 'SUBGRAPH_TIMEOUT' : 'SUBGRAPH_UNAVAILABLE' });
    throw err;
  }
}
