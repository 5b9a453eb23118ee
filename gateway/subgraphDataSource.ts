/**
 * How the gateway talks to a subgraph: the URL from configuration (not the one baked into the
 * supergraph), the authenticated caller, the request id and the declared purpose forwarded in
 * headers, all covered by the gateway's proof for this subgraph over the exact body sent
 * (platform/auth/gatewayProof.ts), sent through the subgraph's keep-alive pool with its time budget
 * (subgraphPool.ts). A subgraph that cannot be reached
 * (refused, dropped, out of time) is answered SUBGRAPH_UNAVAILABLE naming the service, and for a
 * mutation "stored: unknown, send it again with the same key", never a bare "fetch failed".
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { CALLER_HEADER, encodeCaller, type Caller } from '../platform/auth/caller';
import { PURPOSE_HEADER, REQUEST_ID_HEADER, signProof } from '../platform/auth/gatewayProof';
import { errors } from '../platform/errors';
import { withSubgraphFetchSpan } from '../platform/tracing/subgraphFetchSpan';
import type { GatewayContext } from './context';
import { SubgraphNoReply, type SubgraphPool } from './subgraphPool';

type FetchInit = { headers?: Record<string, string>; body?: string };

/** Signs each request as it leaves, for `subgraph` alone, over the body exactly as serialised, and sends it through the subgraph's pool. */
function provingFetcher(subgraph: string, gatewaySecret: string, pool: SubgraphPool) {
  return (_input: unknown, init?: unknown) => {
    const { headers = {}, body = '' } = (init ?? {}) as FetchInit;
    const callerHeader = headers[CALLER_HEADER];
    // No caller (health checks, schema loading): sent without a proof, which subgraphs refuse.
    const proof = callerHeader ? signProof(gatewaySecret, { subgraph, callerHeader, purpose: headers[PURPOSE_HEADER] ?? null, requestId: headers[REQUEST_ID_HEADER] ?? '', body }) : {};
    const send = (traceHeaders: Record<string, string>) => pool.post({ ...headers, ...proof, ...traceHeaders }, body);
    // A client's request: in a span of its own whose traceparent the subgraph continues (the proof does not cover it: platform/tracing/subgraphFetchSpan.ts).
    // The span reads the reply's status only, which a pool reply has as a fetch Response does.
    return (callerHeader ? withSubgraphFetchSpan(subgraph, send as never) : send({})) as never;
  };
}

/**
 * The caller header, encoded once per caller: the token cache hands every request with one token
 * the same (never changed) Caller, and a query fetches from several subgraphs.
 */
const encodedCallers = new WeakMap<Caller, string>();
function callerHeaderOf(caller: Caller): string {
  let header = encodedCallers.get(caller);
  if (header === undefined) {
    header = encodeCaller(caller);
    encodedCallers.set(caller, header);
  }
  return header;
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /**
   * `subgraph` is the name the supergraph gives it (its proofs hold there only, and errors name
   * it); `gatewaySecret` is the gateway's GATEWAY_SUBGRAPH_SECRET (GatewayConfig.gatewaySecret);
   * `pool` holds the connections to `url` and the fetch's time budget (subgraphPool.ts).
   */
  constructor(
    private readonly service: string,
    url: string,
    gatewaySecret: string,
    pool: SubgraphPool,
  ) {
    super({ url, fetcher: provingFetcher(service, gatewaySecret, pool) });
  }

  /** No reply at all (a reply, even an error status, goes the usual way). */
  override didEncounterError(error: Error, fetchRequest: unknown, fetchResponse?: unknown, context?: unknown, request?: { query?: string }): void {
    if (fetchResponse === undefined && isNoReply(error)) {
      throw errors.subgraphUnavailable(this.service, /^\s*mutation\b/.test(request?.query ?? ''), isTimeout(error));
    }
    // The load balancer in front of the subgraph's replicas reached none, or lost the one it used (502/503/504): unreachable too.
    const status = (fetchResponse as { status?: number } | undefined)?.status;
    if (status === 502 || status === 503 || status === 504) throw errors.subgraphUnavailable(this.service, /^\s*mutation\b/.test(request?.query ?? ''), status === 504);
    super.didEncounterError(error, fetchRequest as never, fetchResponse as never, context as never, request as never);
  }

  /**
   * A reply with an error status (a subgraph refusing the gateway's proof, a proxy's 502): Apollo's
   * default copies the subgraph's internal URL and whole reply body into `extensions.response`,
   * where every client would read them. The client gets the status, the code and the service;
   * the detail stays between the gateway and the subgraph.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const error = await super.errorFromResponse(response);
    const { response: _detail, ...extensions } = error.extensions;
    return new GraphQLError(error.message, { extensions: { ...extensions, service: this.service, status: response.status } });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!('caller' in context) || !context.caller) return;
    const headers = request.http?.headers;
    headers?.set(CALLER_HEADER, callerHeaderOf(context.caller));
    headers?.set(REQUEST_ID_HEADER, context.requestId);
    // A purpose the client declared; never one left over from an earlier request.
    if (context.purpose) headers?.set(PURPOSE_HEADER, context.purpose);
    else headers?.delete(PURPOSE_HEADER);
  }
}

function isTimeout(err: unknown): boolean {
  return err instanceof SubgraphNoReply && err.timedOut;
}

function isNoReply(err: unknown): boolean {
  return err instanceof SubgraphNoReply;
}
