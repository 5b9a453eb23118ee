/**
 * The community department: residents as the community registry knows them (who lives where,
 * and whether they still do), the district's communities, and the home of the single input:
 * population-change intakes, their write-through and the forms produced. The platform wires the
 * rest (platform/department); the intake resolvers also get the intake store and audit log.
 */
import { defineDepartment } from '../../platform/department';
import { mergeResolvers } from '../../platform/server/subgraph';
import { CommunityRegistryAdapter } from './adapters/community-registry';
import { communityRegistryDelivery } from './deliveries/communityRegistry';
import { intakeResolvers, type IntakeContext } from './intake/resolvers';
import { reviewResolvers } from './intake/review';
import { attentionResolvers } from './intake/attention';
import { withdrawalResolvers } from './intake/withdrawal';
import { createCommunityLoaders } from './loaders';
import { IntakeMetrics } from '../../platform/metrics/intakeMetrics';
import { communityOf, resolvers } from './resolvers';

export const communityDepartment = defineDepartment({
  name: 'community',
  systems: { COMMUNITY_REGISTRY: {} },
  adapters: (clients) => ({ registry: new CommunityRegistryAdapter(clients.COMMUNITY_REGISTRY) }),
  loaders: ({ registry }, caches) => createCommunityLoaders(registry, caches),
  resolvers: mergeResolvers<IntakeContext>(resolvers, intakeResolvers, reviewResolvers, attentionResolvers, withdrawalResolvers),
  deliveries: ({ registry }) => [communityRegistryDelivery(registry)],
  // The registry says where a resident lives: community workers' reads are checked against it.
  communityOf,
  context: (base, { intakes, audit, config, metrics }): IntakeContext => ({
    ...base,
    intakes: { store: intakes, audit, metrics: new IntakeMetrics(metrics), waitMs: config.intakeWaitMs, pollMs: config.intakePollMs, overdueMs: config.deliveryOverdueMs },
  }),
});
