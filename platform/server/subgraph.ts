/**
 * The one way a department subgraph is served: its SDL from schema/<name>.graphql, its
 * resolvers, a per-request context (new DataLoaders each request), upstream failures turned
 * into coded errors naming the system, and /healthz. Each subgraph's main.ts is a few lines.
 * Only the gateway is answered: a request without its proof (platform/auth/gatewayProof.ts) is
 * refused before GraphQL runs, and every field is read under the permissions its SDL declares
 * (platform/auth/fieldPolicy.ts), entities joined on sealed keys (entityReferences.ts).
 */
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import express from 'express';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Caller } from '../auth/caller';
import { withEntityReferences } from '../auth/entityReferences';
import { withJoinKeyArguments } from '../auth/joinKeyArguments';
import { jsonErrors, onlyFromGateway, type GatewayLocals } from '../auth/gatewayOnly';
import { enforceFieldPolicies } from '../auth/fieldPolicy';
import { memoryReplayGuard, type ReplayGuard } from '../auth/replayGuard';
import { acceptedSecrets, DEVELOPMENT_GATEWAY_SECRET, type SecretRing } from '../auth/secrets';
import { UpstreamError, upstreamToGraphQLError } from '../errors';
import { createLogger, type Logger } from '../logger';
import { createMetricsRegistry, METRICS_CONTENT_TYPE, type Registry } from '../metrics/registry';
import { resolverErrorsPlugin } from '../metrics/resolverErrors';
import { PROJECT_ROOT } from '../paths';
import { graphqlOutcomePlugin } from '../tracing/graphqlOutcomePlugin';
import { subgraphRequestSpan } from '../tracing/subgraphRequestSpan';
import { activeTraceId } from '../tracing/tracer';

/** What every subgraph's resolvers get, whatever else the department adds. */
export interface RequestContext extends BaseContext {
  requestId: string;
  /** The caller the gateway authenticated (requests that did not come through it are refused before this). */
  caller: Caller | null;
  /** Why the caller reads personal data: the client's X-Purpose header, forwarded; null when none was declared. */
  purpose: string | null;
  logger: Logger;
}

export interface SubgraphDefinition<Ctx extends RequestContext> {
  /** Service name: also the SDL file schema/<name>.graphql. */
  name: string;
  resolvers: GraphQLResolverMap<Ctx>;
  /** Adds the department's per-request parts (loaders, adapters) to the base context. */
  context(base: RequestContext): Ctx;
  /** Work that lives as long as the server (delivery workers): started after listen, stopped before close. */
  background?: BackgroundTask[];
  /** Releases what the definition opened (stores), after the server has stopped. */
  close?(): Promise<void>;
  /** Apollo Server plugins appended to the subgraph's own (the audit plugin). */
  plugins?: ApolloServerPlugin<RequestContext>[];
  /**
   * The community a resident is registered in, for a subgraph that holds that data (community):
   * community workers' reads of a resident are checked against it rather than the join key.
   */
  communityOf?(idNumber: string, ctx: Ctx): Promise<string | null>;
  /** The service's Prometheus registry (platform/metrics/registry.ts), served on GET /metrics. @default a new one named after the subgraph */
  metrics?: Registry;
}

export interface BackgroundTask {
  start(): void;
  stop(): Promise<void>;
}

/** Combines resolver maps of one subgraph written in separate modules (type by type, field by field). */
export function mergeResolvers<Ctx>(...maps: GraphQLResolverMap<Ctx>[]): GraphQLResolverMap<Ctx> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) merged[type] = { ...merged[type], ...(fields as Record<string, unknown>) };
  }
  return merged as GraphQLResolverMap<Ctx>;
}

const SCHEMA_DIR = join(PROJECT_ROOT, 'schema');

export function loadSubgraphSdl(name: string): DocumentNode {
  return parse(readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8'));
}

export interface SubgraphApp {
  app: express.Express;
  apollo: ApolloServer<RequestContext>;
  /** Stops Apollo and releases the replay guard (after the HTTP server has stopped). */
  stop(): Promise<void>;
}

export interface SubgraphAppOptions {
  /** Introspection off. @default false */
  production?: boolean;
  /** The secret gateway proofs are checked with (GATEWAY_SUBGRAPH_SECRET). @default the development secret (refused in production) */
  gatewaySecret?: string;
  /** Secrets still accepted during a rotation (GATEWAY_SUBGRAPH_PREVIOUS_SECRETS): proofs and join keys made with them hold; nothing is made with them. @default none */
  gatewayPreviousSecrets?: readonly string[];
  /** Where used proofs are remembered; the app closes it on stop. @default in memory */
  replayGuard?: ReplayGuard;
  /** @default a logger named after the subgraph */
  logger?: Logger;
}

export async function createSubgraphApp<Ctx extends RequestContext>(def: SubgraphDefinition<Ctx>, options: SubgraphAppOptions = {}): Promise<SubgraphApp> {
  const gatewaySecret = options.gatewaySecret ?? DEVELOPMENT_GATEWAY_SECRET;
  const secrets: SecretRing = { current: gatewaySecret, previous: options.gatewayPreviousSecrets ?? [] };
  const replayGuard = options.replayGuard ?? memoryReplayGuard();
  if (options.production && acceptedSecrets(secrets).includes(DEVELOPMENT_GATEWAY_SECRET)) {
    throw new Error(`The ${def.name} subgraph will not run in production with the development gateway secret: set GATEWAY_SUBGRAPH_SECRET (and keep it out of GATEWAY_SUBGRAPH_PREVIOUS_SECRETS).`);
  }
  const logger = options.logger ?? createLogger(def.name);
  // The service's registry (process, system calls, deliveries, audit, resolver errors), scraped per department process.
  const registry = def.metrics ?? createMetricsRegistry(def.name);
  const typeDefs = loadSubgraphSdl(def.name);
  const communityOf = def.communityOf?.bind(def);
  const resolvers = withJoinKeyArguments(typeDefs, withEntityReferences(typeDefs, def.resolvers, { secrets, communityOf }), secrets);
  const schema = buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> });
  enforceFieldPolicies<Ctx>(schema, { communityOf });
  const apollo = new ApolloServer<RequestContext>({
    // main.ts owns SIGINT/SIGTERM (graceful stop of the HTTP server first); Apollo must not race it.
    stopOnTerminationSignals: false,
    schema,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    // Federated tracing is for Apollo's hosted studio, which this platform does not use.
    plugins: [ApolloServerPluginInlineTraceDisabled(), graphqlOutcomePlugin(), resolverErrorsPlugin<RequestContext>(def.name, registry), ...(def.plugins ?? [])],
    formatError: (formatted, error) => {
      const original = error instanceof GraphQLError ? error.originalError : error;
      if (original instanceof UpstreamError) {
        const coded = upstreamToGraphQLError(original, formatted.path);
        return { message: coded.message, path: formatted.path, locations: formatted.locations, extensions: coded.extensions };
      }
      if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
        logger.error('resolver failed', { error: original instanceof Error ? original.message : String(original), path: formatted.path?.join('.') });
        return { ...formatted, message: 'Internal error in the ' + def.name + ' subgraph; the request id in its logs identifies it.' };
      }
      return formatted;
    },
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: def.name });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(METRICS_CONTENT_TYPE).send(await registry.metrics());
  });
  const requestSpan = subgraphRequestSpan(def.name);
  app.use(
    '/graphql',
    requestSpan.start,
    ...onlyFromGateway(secrets, logger, { subgraph: def.name, replayGuard }),
    requestSpan.activate,
    expressMiddleware(apollo, {
      context: async ({ res }) => {
        const { caller, purpose, requestId } = (res.locals as GatewayLocals).gateway;
        const base: RequestContext = { requestId, caller, purpose, logger: logger.child({ requestId, traceId: activeTraceId() }) };
        return def.context(base);
      },
    }),
  );
  app.use(jsonErrors);
  return {
    app,
    apollo,
    async stop() {
      await apollo.stop();
      await replayGuard.close();
    },
  };
}
