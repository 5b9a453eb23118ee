/**
 * One CLIENT span per call to a department system (platform/http/client.ts wraps each request in
 * it, retries included): named and attributed by system, HTTP method and the route *template*
 * (concrete paths carry ID numbers: /si/v2/insured-persons/{id}; query strings are dropped whole),
 * and for SOAP the operation its SOAPAction names. The call's trace context goes to the system in
 * a traceparent header, so a system that traces can join the trace.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR, endFailed, traceHeadersOf, tracer } from './tracer';

/** A path segment kept as it is: a word (letters, `-`, `_`, `.`) or an API version (v1, v2); any other is an identifier. */
const ROUTE_WORD = /^(?:[A-Za-z][A-Za-z_.-]*|v\d{1,2})$/;
const SOAP_OPERATION = /#([A-Za-z][A-Za-z0-9_]*)"?$/;

/** `/si/v2/insured-persons/110101199003071234?page=1` -> `/si/v2/insured-persons/{id}`. */
export function routeTemplate(path: string): string {
  const bare = path.split(/[?#]/, 1)[0];
  return bare
    .split('/')
    .map((segment) => (segment === '' || ROUTE_WORD.test(segment) ? segment : '{id}'))
    .join('/');
}

/** What a call is, for its span: the route template, and for SOAP the operation (`/soap/SubsidyService#QuerySubsidy`). */
export function systemCallTarget(path: string, headers: Record<string, string> = {}): string {
  const action = Object.entries(headers).find(([name]) => name.toLowerCase() === 'soapaction')?.[1];
  const operation = action ? SOAP_OPERATION.exec(action)?.[1] : undefined;
  return routeTemplate(path) + (operation ? `#${operation}` : '');
}

/**
 * Runs `call` inside a span for one system call, a child of the span active here (the subgraph's
 * request, a delivery attempt). `call` gets the trace-context headers to send. A result with a
 * numeric `status` sets the HTTP status; a thrown error ends the span failed with its code.
 */
export async function withSystemCallSpan<T>(system: string, method: string, target: string, call: (traceHeaders: Record<string, string>) => Promise<T>): Promise<T> {
  const span = tracer().startSpan(`${method} ${system} ${target}`, {
    kind: SpanKind.CLIENT,
    attributes: { [ATTR.system]: system, [ATTR.httpMethod]: method, [ATTR.httpRoute]: target },
  });
  try {
    const result = await context.with(trace.setSpan(context.active(), span), () => call(traceHeadersOf(span)));
    const status = (result as { status?: unknown } | null)?.status;
    if (typeof status === 'number') span.setAttribute(ATTR.httpStatus, status);
    span.setAttribute(ATTR.outcome, 'OK');
    span.setStatus({ code: SpanStatusCode.OK });
    span.end();
    return result;
  } catch (err) {
    const status = (err as { status?: unknown } | null)?.status;
    if (typeof status === 'number') span.setAttribute(ATTR.httpStatus, status);
    endFailed(span, err);
    throw err;
  }
}
