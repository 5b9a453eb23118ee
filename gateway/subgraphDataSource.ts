/**
 * How the gateway talks to a subgraph: the URL from configuration (not the one baked into the
 * supergraph), the authenticated caller and the request id forwarded in headers, and a time
 * budget per fetch.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { CALLER_HEADER, encodeCaller } from '../platform/auth/caller';
import type { GatewayContext } from './context';

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, timeoutMs: number) {
    super({
      url,
      fetcher: (input, init) => fetch(input as string, { ...(init as RequestInit), signal: AbortSignal.timeout(timeoutMs) }) as never,
    });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and schema loading run without a request context.
    if (!('caller' in context) || !context.caller) return;
    request.http?.headers.set(CALLER_HEADER, encodeCaller(context.caller));
    request.http?.headers.set('x-request-id', context.requestId);
  }
}
