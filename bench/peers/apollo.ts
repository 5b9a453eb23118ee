/**
 * Peer: vanilla @apollo/gateway in Apollo Server, as Apollo documents it, over the committed
 * supergraph and the project's running subgraphs. It signs each subgraph request through Apollo's
 * extension point for that, a RemoteGraphQLDataSource subclass's willSendRequest; nothing else of
 * the project's gateway (edge plugins, rate limit, metrics) runs here.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GatewayRequest } from '../../platform/auth/gatewayProof';
import { listen } from '../../platform/server/listen';
import { peerGateway, subgraphUrl, type PeerGateway } from './signing';

type Context = { gateway?: GatewayRequest };

class SigningDataSource extends RemoteGraphQLDataSource<Context> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly peer: PeerGateway,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Context>): void {
    if (!('gateway' in context) || !context.gateway) return;
    // The body exactly as sendRequest serialises it next (query first, then the rest, without http).
    const { query, http, ...rest } = request;
    const body = JSON.stringify({ query, ...rest });
    for (const [name, value] of Object.entries(this.peer.sign(this.subgraph, context.gateway, body))) http?.headers.set(name, value);
  }
}

async function main(): Promise<void> {
  const peer = peerGateway();
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(peer.config.supergraphFile, 'utf8'),
    buildService: ({ name }) => new SigningDataSource(name, subgraphUrl(peer.config, name), peer),
  });
  const apollo = new ApolloServer<Context>({ gateway: gateway as never, stopOnTerminationSignals: false });
  await apollo.start();
  const app = express();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/graphql', express.json({ limit: '100kb' }), expressMiddleware(apollo, { context: async ({ req }) => ({ gateway: await peer.authenticate((name) => req.get(name)) }) }));
  await listen(app, peer.config.port, peer.config.host);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
