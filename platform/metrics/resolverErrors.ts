/**
 * `graphql_resolver_errors_total{subgraph,code}`: the errors a subgraph answered, by their
 * `extensions.code` (SYSTEM_UNAVAILABLE, FORBIDDEN, BAD_USER_INPUT...), counted from the answer
 * as sent (after formatError has coded upstream failures). Codes are ours, never data; anything
 * that does not look like a code is counted as OTHER.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Counter } from 'prom-client';
import { family, type Registry } from './registry';

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

export function resolverErrorsPlugin<Ctx extends BaseContext>(subgraph: string, registry: Registry): ApolloServerPlugin<Ctx> {
  const errors = family(registry, 'graphql_resolver_errors_total', () =>
    new Counter({
      name: 'graphql_resolver_errors_total',
      help: 'Errors in the answers of a subgraph, by error code (extensions.code).',
      labelNames: ['subgraph', 'code'] as const,
      registers: [registry],
    }),
  );
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            const code = error.extensions?.code;
            errors.inc({ subgraph, code: typeof code === 'string' && CODE.test(code) ? code : 'OTHER' });
          }
        },
      };
    },
  };
}
