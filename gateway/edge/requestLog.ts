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
      // A child per request: every line it writes carries the request id and the trace id, as in the subgraphs (platform/server/subgraph.ts).
      const log = logger.child({ requestId: contextValue.requestId, traceId: activeTraceId() });
      return {
        async willSendResponse({ response, errors, operationName }) {
          const codes = [...new Set((errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          log.info('graphql request', {
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
