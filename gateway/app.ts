/**
 * The edge: Apollo Gateway over the committed supergraph inside Apollo Server, with
 * authentication before anything is planned or fetched, health and readiness, and metrics.
 */
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { createLogger } from '../platform/logger';
import { METRICS_CONTENT_TYPE } from '../platform/metrics/registry';
import type { GatewayConfig } from './config';
import { createAuthenticator, type GatewayContext } from './context';
import { edgeErrorHandler, hardenedEdge } from './edge';
import { explorerRouter } from './explorer';
import { exportHandler } from './exports';
import { pagesRouter } from './pages';
import { signInRouter } from './signIn';
import { readyzHandler } from './health';
import { GatewayMetrics } from './metrics';
import { SubgraphDataSource } from './subgraphDataSource';
import { SubgraphPools } from './subgraphPool';
import { supergraphFromFile } from './supergraphSource';

export interface Gateway {
  app: express.Express;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  /** Folder of the built pages (tests build their own). @default dist/web */
  webDir?: string;
}

/** How long the gateway waits for one fetch to the subgraph `name`. */
export function subgraphTimeoutMs(config: GatewayConfig, name: string): number {
  return config.subgraphTimeoutsMs[name] ?? config.subgraphTimeoutMs;
}

export async function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = createLogger('gateway');
  const pools = new SubgraphPools(config.subgraphConnections);
  const gateway = new ApolloGateway({
    // Watched: a new composition is served without a restart, an invalid one refused (supergraphSource.ts).
    supergraphSdl: supergraphFromFile({ file: config.supergraphFile, knownSubgraphs: Object.keys(config.subgraphUrls), logger }),
    // The URL comes from configuration, so one committed supergraph serves every deployment.
    buildService: ({ name }) => {
      const base = config.subgraphUrls[name];
      if (!base) throw new Error(`The supergraph names a subgraph "${name}" that the gateway has no URL for; add it to SERVICES in platform/services.ts.`);
      const url = `${base}/graphql`;
      return new SubgraphDataSource(name, url, config.gatewaySecret, pools.for(url, subgraphTimeoutMs(config, name)));
    },
    logger: { debug: () => undefined, info: (m) => logger.info(String(m)), warn: (m) => logger.warn(String(m)), error: (m) => logger.error(String(m)) },
  });
  const authenticator = createAuthenticator(config);
  const edge = hardenedEdge(config.edge, logger);
  const metrics = new GatewayMetrics();
  const apollo = new ApolloServer<GatewayContext>({
    // The gateway package implements v1 of the gateway interface; Apollo Server 5 accepts it at run time.
    gateway: gateway as never,
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGINT/SIGTERM (graceful stop of the HTTP server first); Apollo must not race it.
    stopOnTerminationSignals: false,
    // Refuses GET mutations and "simple" (text/plain, form) POSTs without a preflight-forcing header.
    csrfPrevention: true,
    ...edge.apollo,
    plugins: [...edge.apollo.plugins, metrics.plugin<GatewayContext>()],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // No ETag on what res.send answers (every GraphQL answer among it): Express would hash each whole
  // answer (a third of a millisecond for a 100-resident list) for a POST no client revalidates.
  // Static pages keep theirs (express.static and sendFile make their own).
  app.set('etag', false);
  // Who the client is (req.ip: rate-limit buckets of QR credential holders): the peer, or what trusted proxies forwarded.
  app.set('trust proxy', config.trustProxy);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', readyzHandler(config.subgraphUrls, config.readyTimeoutMs));
  // Unauthenticated, like /healthz: counts and timings only, no personal data in any label.
  app.get('/metrics', async (_req, res) => {
    res.type(METRICS_CONTENT_TYPE).send(await metrics.render());
  });
  app.get('/exports/forms.xlsx', exportHandler(apollo, authenticator, 'xlsx'));
  app.get('/exports/forms.csv', exportHandler(apollo, authenticator, 'csv'));
  // The community front-end (/intake, /desk, /qr) and the QR codes (web/, built by npm run build:web).
  // GraphiQL for department app developers, outside production only (/explorer).
  app.use(explorerRouter({ production: config.production, jwtSecret: config.jwtSecret, webDir: options.webDir }));
  app.use(signInRouter(config));
  app.use(
    pagesRouter({
      webDir: options.webDir,
      jwtSecret: config.jwtSecret,
      authenticate: authenticator,
      publicUrl: config.publicUrl,
      maxCredentialTtlSeconds: config.qrMaxLifetimeSeconds,
      previousSecrets: config.jwtPreviousSecrets,
      signInOrigin: config.oidc ? new URL(config.oidc.issuer).origin : undefined,
    }),
  );
  app.use(
    '/graphql',
    metrics.middleware(),
    express.json({ limit: '100kb' }),
    ...edge.graphqlMiddleware,
    expressMiddleware(apollo, { context: metrics.context(authenticator) }),
  );
  app.use(edgeErrorHandler(logger));
  return {
    app,
    async stop() {
      await apollo.stop();
      // After Apollo: no fetch is started any more, and the ones in flight finish first.
      await pools.close();
    },
  };
}
