/**
 * One log line per GraphQL request at the gateway: who (token subject and role), which operation
 * (its name, never its text or variables: they hold ID numbers), the outcome (HTTP status, error
 * codes) and how long it took. Enough to follow a request id across the services' logs.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../../platform/logger';
import { activeTraceId } from '../../platform/tracing/tracer';
import type { GatewayContext } from '../context';

export function requestLogPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = Date.now();
      // The request's own trace, read where it is active. The line carries the request id and the trace id, as the subgraphs'
      // lines do (platform/server/subgraph.ts), as fields of its own: a child logger per request would cost more than the line.
      const traceId = activeTraceId();
      return {
        async willSendResponse({ response, errors, operationName }) {
          const codes = [...new Set((errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          logger.info('graphql request', {
            requestId: contextValue.requestId,
            traceId,
            subject: contextValue.caller?.subject,
            role: contextValue.caller?.role,
            operation: operationName ?? null,
            status: response.http.status ?? 200,
            ...(codes.length ? { errors: codes } : {}),
            ms: Date.now() - started,
          });
        },
      };
    },
  };
}
