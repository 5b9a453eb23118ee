/**
 * How the gateway talks to a subgraph: the URL from configuration (not the one baked into the
 * supergraph), the authenticated caller, the request id and the declared purpose forwarded in
 * headers, all covered by the gateway's proof for this subgraph over the exact body sent
 * (platform/auth/gatewayProof.ts), and a time budget per fetch.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { CALLER_HEADER, encodeCaller } from '../platform/auth/caller';
import { PURPOSE_HEADER, REQUEST_ID_HEADER, signProof } from '../platform/auth/gatewayProof';
import { processGatewayConfig } from './config';
import type { GatewayContext } from './context';

type FetchInit = { headers?: Record<string, string>; body?: string } & Record<string, unknown>;

/** Signs each request as it leaves, for `subgraph` alone, over the body exactly as serialised. */
function provingFetcher(subgraph: string, gatewaySecret: string, timeoutMs: number) {
  return (input: unknown, init?: unknown) => {
    const { headers = {}, body = '', ...rest } = (init ?? {}) as FetchInit;
    const callerHeader = headers[CALLER_HEADER];
    // No caller (health checks, schema loading): sent without a proof, which subgraphs refuse.
    const proof = callerHeader ? signProof(gatewaySecret, { subgraph, callerHeader, purpose: headers[PURPOSE_HEADER] ?? null, requestId: headers[REQUEST_ID_HEADER] ?? '', body }) : {};
    return fetch(input as string, { ...(rest as RequestInit), body, headers: { ...headers, ...proof }, signal: AbortSignal.timeout(timeoutMs) }) as never;
  };
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /**
   * `subgraph` is the name the supergraph gives it (its proofs hold there only); `gatewaySecret`
   * defaults to GATEWAY_SUBGRAPH_SECRET of the process environment.
   */
  constructor(subgraph: string, url: string, timeoutMs: number, gatewaySecret: string = processGatewayConfig().gatewaySecret) {
    super({ url, fetcher: provingFetcher(subgraph, gatewaySecret, timeoutMs) });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!('caller' in context) || !context.caller) return;
    const headers = request.http?.headers;
    headers?.set(CALLER_HEADER, encodeCaller(context.caller));
    headers?.set(REQUEST_ID_HEADER, context.requestId);
    // A purpose the client declared; never one left over from an earlier request.
    if (context.purpose) headers?.set(PURPOSE_HEADER, context.purpose);
    else headers?.delete(PURPOSE_HEADER);
  }
}
