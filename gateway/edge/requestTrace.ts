/**
 * The gateway's SERVER span of one GraphQL request, the root of its trace: started after the JSON
 * body parser (whose stream callbacks would lose an active context set before it) and active while
 * Apollo plans and fetches, so Apollo's own gateway.* spans, each subgraph fetch
 * (platform/tracing/subgraphFetchSpan.ts) and the subgraphs' spans are its descendants. A client's
 * traceparent is not continued: the edge starts every trace (a client cannot file its requests
 * into another trace or force recording). Named by the operation, never its text or variables.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { ATTR, endWithResponse, tracer } from '../../platform/tracing/tracer';
import type { GatewayContext } from '../context';

export function requestSpan(): RequestHandler {
  return (req, res, next) => {
    const span = tracer().startSpan('gateway graphql', {
      kind: SpanKind.SERVER,
      attributes: { [ATTR.service]: 'gateway', [ATTR.httpMethod]: req.method, [ATTR.httpRoute]: '/graphql' },
    }, ROOT_CONTEXT);
    endWithResponse(span, res, 500);
    context.with(trace.setSpan(ROOT_CONTEXT, span), next);
  };
}

/** Names the request's span by its operation (its outcome: platform/tracing/graphqlOutcomePlugin.ts). */
export function requestTracePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const span = trace.getActiveSpan();
      if (!span?.isRecording()) return;
      return {
        async didResolveOperation({ operationName, operation }) {
          const name = operationName ?? 'anonymous';
          const type = operation?.operation ?? 'query';
          span.updateName(`gateway ${type} ${name}`);
          span.setAttributes({ [ATTR.operationName]: name, [ATTR.operationType]: type });
        },
      };
    },
  };
}
