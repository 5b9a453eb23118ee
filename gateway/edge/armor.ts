/**
 * Limits on the shape of an operation, checked while it is validated (graphql-armor), before
 * anything is planned or sent to a subgraph. Set for this graph:
 * - depth 7: the deepest path the schema has is 5 levels
 *   (intake { change { resident { pension { kind } } } }); two levels of headroom for growth,
 *   while a depth bomb (through any cycle the schema gains, such as a household listing its
 *   residents) needs far more;
 * - 15 aliases: aliases are how one request asks for many residents
 *   (a: resident(idNumber: ...) b: resident(...)); clients need a handful, and each aliased
 *   look-up also costs rate budget (rateLimit.ts);
 * - 1,000 tokens: the largest client operations (reconciliation's evidence query, a page of
 *   residents with every field) are about 70;
 * - cost 20,000 (graphql-armor's weighting: 2 per object, 1 per scalar, x1.5 per level, x first):
 *   a page of 100 residents with every department's field costs 14,000;
 * - 10 directives (@include/@skip: clients use one or two).
 * Field suggestions ("Did you mean ...?") are removed in production, where they would map the
 * schema for someone without introspection.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ValidationRule } from 'graphql';

export const EDGE_LIMITS = { maxDepth: 7, maxAliases: 15, maxTokens: 1000, maxCost: 20_000, maxDirectives: 10 } as const;

export function armor(production: boolean): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[]; parseOptions: { maxTokens: number } } {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: EDGE_LIMITS.maxDepth, exposeLimits: true },
    maxAliases: { n: EDGE_LIMITS.maxAliases, exposeLimits: true },
    // graphql-armor's token plugin answers 500; graphql-js's own parser limit (parseOptions below) answers 400.
    maxTokens: { enabled: false },
    costLimit: { maxCost: EDGE_LIMITS.maxCost, exposeLimits: true },
    maxDirectives: { n: EDGE_LIMITS.maxDirectives, exposeLimits: true },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return { plugins, validationRules, parseOptions: { maxTokens: EDGE_LIMITS.maxTokens } };
}
