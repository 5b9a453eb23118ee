/**
 * Peer: Hive Gateway's runtime over the committed supergraph and the project's running subgraphs;
 * with `--rust-planner`, the same runtime with @graphql-hive/router-runtime's unified-graph handler
 * (the Rust query planner). It signs each subgraph request in a plugin's onFetch, the hook Hive
 * documents for changing an upstream request, over the body exactly as it is about to be sent.
 *
 * The HTTP transport is given here (the one Hive would load, @graphql-mesh/transport-http, is not
 * installed): buildHTTPExecutor with the plugin-wrapped fetch, as that transport builds it, but with
 * in-flight deduplication OFF. Hive's default deduplicates identical upstream requests keyed on
 * URL and body, before onFetch signs them per caller: two callers asking the same thing at once
 * would get one caller's answer, read under the other's identity and audited once. The project's
 * gateway never does that, so neither may its peer.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { buildHTTPExecutor, type AsyncFetchFn } from '@graphql-tools/executor-http';
import type { GatewayRequest } from '../../platform/auth/gatewayProof';
import { peerGateway, subgraphUrl, type PeerGateway } from './signing';

type Context = { gateway?: GatewayRequest };

function signing(peer: PeerGateway): GatewayPlugin<Context> {
  const subgraphOf = new Map(Object.keys(peer.config.subgraphUrls).map((name) => [subgraphUrl(peer.config, name), name]));
  return {
    async onContextBuilding({ context, extendContext }) {
      const request = (context as { request: Request }).request;
      extendContext({ gateway: await peer.authenticate((name) => request.headers.get(name)) });
    },
    onFetch({ url, options, setOptions, context }) {
      const gateway = (context as Context).gateway;
      const subgraph = subgraphOf.get(url);
      // No caller (schema loading, health): sent without a proof, which subgraphs refuse.
      if (!gateway || !subgraph) return;
      const headers = new Headers(options.headers as HeadersInit);
      for (const [name, value] of Object.entries(peer.sign(subgraph, gateway, String(options.body ?? '')))) headers.set(name, value);
      setOptions({ ...options, headers: Object.fromEntries(headers) });
    },
  };
}

async function main(): Promise<void> {
  const peer = peerGateway();
  const rustPlanner = process.argv.includes('--rust-planner');
  const runtime = createGatewayRuntime<Context>({
    supergraph: readFileSync(peer.config.supergraphFile, 'utf8'),
    ...(rustPlanner && { unifiedGraphHandler }),
    logging: 'error',
    landingPage: false,
    transports: {
      http: {
        getSubgraphExecutor: ({ subgraphName, fetch }) => buildHTTPExecutor({ endpoint: subgraphUrl(peer.config, subgraphName), fetch: fetch as AsyncFetchFn, deduplicateInflightRequests: false }),
      },
    },
    plugins: () => [signing(peer)],
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(peer.config.port, peer.config.host, resolve));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
