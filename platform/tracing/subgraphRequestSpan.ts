/**
 * The SERVER span of one GraphQL request at a subgraph: continued from the gateway's traceparent
 * (a child of the gateway's fetch span), active while GraphQL runs, so every system call the
 * resolvers make is its child. Named by the operation (the name the gateway's query plan gave the
 * fetch), never its variables. Mounted after the gateway proof and body parsing
 * (platform/server/subgraph.ts): the body parser's stream callbacks would lose an active context
 * set before them.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { ATTR, tracer } from './tracer';

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,200}$/;

/** The request's GraphQL operation name when it is a plain GraphQL name; 'anonymous' otherwise. */
export function operationNameOf(body: unknown): string {
  const name = (body as { operationName?: unknown } | null)?.operationName;
  return typeof name === 'string' && OPERATION_NAME.test(name) ? name : 'anonymous';
}

export function subgraphRequestSpan(subgraph: string): RequestHandler {
  return (req, res, next) => {
    const parent = propagation.extract(context.active(), req.headers);
    const operation = operationNameOf(req.body);
    const span = tracer().startSpan(
      `subgraph ${subgraph} ${operation}`,
      { kind: SpanKind.SERVER, attributes: { [ATTR.subgraph]: subgraph, [ATTR.operationName]: operation, [ATTR.httpMethod]: req.method, [ATTR.httpRoute]: '/graphql' } },
      parent,
    );
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute(ATTR.httpStatus, res.statusCode);
      if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR, message: res.writableFinished ? `HTTP ${res.statusCode}` : 'connection closed before the reply' });
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(trace.setSpan(parent, span), next);
  };
}
