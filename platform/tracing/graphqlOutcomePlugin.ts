/**
 * Marks a subgraph's request span (subgraphRequestSpan.ts, active while GraphQL runs) with the
 * outcome GraphQL itself reports: errors come back with HTTP 200, so the status code alone would
 * call a failed read a success. Codes only (UPSTREAM_UNAVAILABLE, FORBIDDEN...), never messages.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR } from './tracer';

export function graphqlOutcomePlugin<Ctx extends BaseContext>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      const span = trace.getActiveSpan();
      if (!span?.isRecording()) return;
      return {
        async willSendResponse({ response, errors }) {
          // The errors as the client gets them (formatError has coded the upstream failures), else the raw ones.
          const sent = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const codes = [...new Set((sent ?? errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          span.setAttribute(ATTR.outcome, codes.length ? 'ERROR' : 'OK');
          if (!codes.length) return;
          span.setAttribute(ATTR.errorCodes, codes);
          span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(',') });
        },
      };
    },
  };
}
