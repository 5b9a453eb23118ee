/**
 * The community department's subgraph: residents as the community registry knows them (who
 * lives where, and whether they still do) and the district's communities.
 */
import { HttpClient } from '../../platform/http/client';
import type { SubgraphConfig } from '../../platform/server/runSubgraph';
import type { SubgraphDefinition } from '../../platform/server/subgraph';
import { CommunityRegistryAdapter } from './adapters/community-registry';
import { createCommunityLoaders } from './loaders';
import { resolvers, type CommunityContext } from './resolvers';

export type { CommunityContext } from './resolvers';

export function buildCommunitySubgraph(config: SubgraphConfig): SubgraphDefinition<CommunityContext> {
  const baseUrl = config.systemUrls.COMMUNITY_REGISTRY;
  if (!baseUrl) throw new Error('The community subgraph needs COMMUNITY_REGISTRY_URL (the community registry base URL).');
  // One client per process: its circuit breaker must see every request to the registry.
  const registry = new CommunityRegistryAdapter(new HttpClient({ system: 'COMMUNITY_REGISTRY', baseUrl, timeoutMs: config.systemTimeoutMs }));
  return {
    name: 'community',
    resolvers,
    context: (base) => ({ ...base, registry, loaders: createCommunityLoaders(registry) }),
  };
}
