/**
 * The community department's subgraph: residents as the community registry knows them (who
 * lives where, and whether they still do), the district's communities, and the home of the
 * single input: population-change intakes, their write-through and the forms produced.
 */
import { departmentWorker } from '../../platform/delivery/startWorker';
import { HttpClient } from '../../platform/http/client';
import { createAuditStore, withAudit } from '../../platform/audit';
import { createIntakeStore } from '../../platform/intake';
import type { SubgraphConfig } from '../../platform/server/runSubgraph';
import { mergeResolvers, type SubgraphDefinition } from '../../platform/server/subgraph';
import { CommunityRegistryAdapter } from './adapters/community-registry';
import { communityRegistryDelivery } from './deliveries/communityRegistry';
import { intakeResolvers, type IntakeContext } from './intake/resolvers';
import { reviewResolvers } from './intake/review';
import { createCommunityLoaders } from './loaders';
import { communityOf, resolvers } from './resolvers';

export type { CommunityContext } from './resolvers';

export function buildCommunitySubgraph(config: SubgraphConfig): SubgraphDefinition<IntakeContext> {
  const baseUrl = config.systemUrls.COMMUNITY_REGISTRY;
  if (!baseUrl) throw new Error('The community subgraph needs COMMUNITY_REGISTRY_URL (the community registry base URL).');
  // One client per process: its circuit breaker must see every request to the registry.
  const registry = new CommunityRegistryAdapter(new HttpClient({ system: 'COMMUNITY_REGISTRY', baseUrl, timeoutMs: config.systemTimeoutMs }));
  const store = createIntakeStore(config.intakeStore);
  const audit = createAuditStore(config.intakeStore);
  const intakes = { store, audit, waitMs: config.intakeWaitMs };
  // Every read of a @sensitive field is audited before the answer leaves (fail closed).
  return withAudit(
    {
      name: 'community',
      resolvers: mergeResolvers(resolvers, intakeResolvers, reviewResolvers),
      context: (base) => ({ ...base, registry, loaders: createCommunityLoaders(registry), intakes }),
      // The registry says where a resident lives: community workers' reads are checked against it.
      communityOf,
      background: [departmentWorker('community', store, [communityRegistryDelivery(registry)], config)],
      close: () => store.close(),
    },
    audit,
  );
}
