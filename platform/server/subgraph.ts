/**
 * The one way a department subgraph is served: its SDL from schema/<name>.graphql, its
 * resolvers, a per-request context (new DataLoaders each request), upstream failures turned
 * into coded errors naming the system, and /healthz. Each subgraph's main.ts is a few lines.
 */
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import express from 'express';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CALLER_HEADER, decodeCaller, type Caller } from '../auth/caller';
import { UpstreamError, upstreamToGraphQLError } from '../errors';
import { createLogger, type Logger } from '../logger';

/** What every subgraph's resolvers get, whatever else the department adds. */
export interface RequestContext extends BaseContext {
  requestId: string;
  /** The caller the gateway authenticated; null for a request that did not come through it. */
  caller: Caller | null;
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

const SCHEMA_DIR = join(__dirname, '..', '..', 'schema');

export function loadSubgraphSdl(name: string): DocumentNode {
  return parse(readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8'));
}

export interface SubgraphApp {
  app: express.Express;
  apollo: ApolloServer<RequestContext>;
}

export async function createSubgraphApp<Ctx extends RequestContext>(def: SubgraphDefinition<Ctx>, options: { production?: boolean } = {}): Promise<SubgraphApp> {
  const logger = createLogger(def.name);
  const apollo = new ApolloServer<RequestContext>({
    schema: buildSubgraphSchema({ typeDefs: loadSubgraphSdl(def.name), resolvers: def.resolvers as GraphQLResolverMap<unknown> }),
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    // Federated tracing is for Apollo's hosted studio, which this platform does not use.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
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
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
        const base: RequestContext = { requestId, caller: decodeCaller(req.headers[CALLER_HEADER] as string | undefined), logger: logger.child({ requestId }) };
        return def.context(base);
      },
    }),
  );
  return { app, apollo };
}
