/**
 * The SERVER span of one GraphQL request at a subgraph: continued from the gateway's traceparent
 * (a child of the gateway's fetch span), and active while GraphQL runs, so every system call the
 * resolvers make is its child. Two handlers around the gateway-proof check
 * (platform/server/subgraph.ts): the first starts the span, so a request the proof check refuses
 * (401, 403: a secret rotation gone wrong) is traced too; the second, once the body is parsed,
 * names the span by the operation (the name the gateway's query plan gave the fetch, never its
 * variables) and makes it active. Activating it before the body parser would not hold: the
 * parser's stream callbacks run outside the context set before them.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, trace, type Span } from '@opentelemetry/api';
import type { RequestHandler, Response } from 'express';
import { ATTR, endWithResponse, tracer } from './tracer';

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,200}$/;

/** The request's GraphQL operation name when it is a plain GraphQL name; 'anonymous' otherwise. */
export function operationNameOf(body: unknown): string {
  const name = (body as { operationName?: unknown } | null)?.operationName;
  return typeof name === 'string' && OPERATION_NAME.test(name) ? name : 'anonymous';
}

const spans = new WeakMap<Response, Span>();

export interface SubgraphRequestSpan {
  /** Before the proof check: starts the span (ended when the reply is sent or the connection drops). */
  start: RequestHandler;
  /** After the proof check and body parsing: names the span and runs the rest of the request inside it. */
  activate: RequestHandler;
}

export function subgraphRequestSpan(subgraph: string): SubgraphRequestSpan {
  return {
    start(req, res, next) {
      const span = tracer().startSpan(
        `subgraph ${subgraph}`,
        { kind: SpanKind.SERVER, attributes: { [ATTR.subgraph]: subgraph, [ATTR.httpMethod]: req.method, [ATTR.httpRoute]: '/graphql' } },
        propagation.extract(context.active(), req.headers),
      );
      spans.set(res, span);
      endWithResponse(span, res, 400);
      next();
    },
    activate(req, res, next) {
      const span = spans.get(res);
      if (!span) return next();
      const operation = operationNameOf(req.body);
      span.updateName(`subgraph ${subgraph} ${operation}`);
      span.setAttribute(ATTR.operationName, operation);
      context.with(trace.setSpan(ROOT_CONTEXT, span), next);
    },
  };
}
