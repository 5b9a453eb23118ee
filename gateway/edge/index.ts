/**
 * The hardened edge, assembled from one-behaviour modules: shape limits (armor.ts), the
 * per-caller rate limit counting residents looked up (rateLimit.ts), persisted-operations-only
 * mode (persistedOperations.ts), the request's span (requestTrace.ts), a request log line, error messages without the request's
 * values and, in production, without suggestions (formatError.ts), and the error handler that never shows a stack. Introspection, suggestions and stack traces follow `production`; CSRF prevention and the
 * body limit are always on (app.ts).
 */
import { qrCredentialScopePlugin } from './qrCredentialScope';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { GraphQLFormattedError, ValidationRule } from 'graphql';
import type { Logger } from '../../platform/logger';
import type { EdgeConfig } from '../config';
import type { GatewayContext } from '../context';
import { armor } from './armor';
import { edgeErrorFormatter } from './formatError';
import { loadPersistedManifest, persistedOperationsOnly } from './persistedOperations';
import { rateLimitPlugin } from './rateLimit';
import { redisTokenBuckets } from './redisTokenBucket';
import { requestLogPlugin } from './requestLog';
import { requestSpan, requestTracePlugin } from './requestTrace';
import { graphqlOutcomePlugin } from '../../platform/tracing/graphqlOutcomePlugin';
import { memoryTokenBuckets } from './tokenBucket';

export { edgeErrorHandler } from './errorHandler';
export { EDGE_ERROR_CODES } from './errors';
export { EDGE_LIMITS } from './armor';

export interface Edge {
  /** Options for the gateway's Apollo Server. */
  apollo: {
    plugins: ApolloServerPlugin<GatewayContext>[];
    validationRules: ValidationRule[];
    parseOptions: { maxTokens: number };
    hideSchemaDetailsFromClientErrors: boolean;
    allowBatchedHttpRequests: false;
    formatError: (formatted: GraphQLFormattedError) => GraphQLFormattedError;
    persistedQueries?: false;
  };
  /** Middleware for /graphql, after the JSON body parser and before Apollo Server. */
  graphqlMiddleware: RequestHandler[];
}

export function hardenedEdge(config: EdgeConfig, logger: Logger): Edge {
  const shape = armor(config.production);
  const plugins: ApolloServerPlugin<GatewayContext>[] = [...(shape.plugins as ApolloServerPlugin<GatewayContext>[]), requestTracePlugin(), graphqlOutcomePlugin(), requestLogPlugin(logger), qrCredentialScopePlugin()];
  if (config.rateLimit) {
    const limiter = config.redis ? redisTokenBuckets(config.redis.url, config.rateLimit, { prefix: config.redis.prefix, onFallback: () => logger.warn('shared rate-limit budgets unreachable (Redis); using this gateway’s own') }) : memoryTokenBuckets(config.rateLimit);
    plugins.push(rateLimitPlugin(limiter, config.rateLimit, logger));
  }
  const manifest = config.persistedOperationsFile ? loadPersistedManifest(config.persistedOperationsFile) : null;
  return {
    apollo: {
      plugins,
      validationRules: shape.validationRules,
      parseOptions: shape.parseOptions,
      hideSchemaDetailsFromClientErrors: config.production,
      // One operation per HTTP request: a batch would multiply every limit above by its length.
      allowBatchedHttpRequests: false,
      formatError: edgeErrorFormatter(config.production),
      ...(manifest ? { persistedQueries: false as const } : {}),
    },
    // The request's span first: everything after it (the safelist, Apollo) runs inside it.
    graphqlMiddleware: [requestSpan(), ...(manifest ? [persistedOperationsOnly(manifest)] : [])],
  };
}
