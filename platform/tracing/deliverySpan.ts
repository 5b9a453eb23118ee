/**
 * The span of one delivery attempt (platform/delivery/worker.ts): the root of a trace of its own,
 * since it runs seconds or days after the report, in whichever process claimed it, and LINKED to
 * the report's trace through the traceparent stored with the intake. The system writes the
 * attempt makes are its children (systemCallSpan.ts). Attributes: system, our own intake id, the
 * attempt number and the outcome (DELIVERED, NOT_APPLICABLE or the error's code).
 */
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Link } from '@opentelemetry/api';
import { ATTR, endFailed, spanContextOf, tracer } from './tracer';

export interface DeliveryAttempt {
  system: string;
  intakeId: string;
  /** The report's trace context, as stored with the intake (absent for an intake stored before traces, or without tracing). */
  traceParent?: string;
  attempt: number;
}

export async function withDeliverySpan<T extends { status: string }>(attempt: DeliveryAttempt, deliver: () => Promise<T>): Promise<T> {
  const report = spanContextOf(attempt.traceParent);
  const links: Link[] = report ? [{ context: report }] : [];
  // root: whatever context woke the worker (a report stored in this very process) is not its parent.
  const span = tracer().startSpan(
    `delivery ${attempt.system}`,
    { root: true, kind: SpanKind.CONSUMER, links, attributes: { [ATTR.system]: attempt.system, [ATTR.intakeId]: attempt.intakeId, [ATTR.attempt]: attempt.attempt } },
    ROOT_CONTEXT,
  );
  try {
    const outcome = await context.with(trace.setSpan(ROOT_CONTEXT, span), deliver);
    span.setAttribute(ATTR.outcome, outcome.status);
    span.setStatus({ code: SpanStatusCode.OK });
    span.end();
    return outcome;
  } catch (err) {
    endFailed(span, err);
    throw err;
  }
}
