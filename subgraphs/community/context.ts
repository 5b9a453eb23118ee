/**
 * What the community resolvers get: the platform's department context over this department's
 * adapters and loaders (the intake resolvers add the intake services: intake/resolvers.ts
 * `IntakeContext`, filled in by the department's context hook in subgraph.ts).
 */
import type { DepartmentContext } from '../../platform/department';
import type { CommunityRegistryAdapter } from './adapters/community-registry';
import type { CommunityLoaders } from './loaders';

export interface CommunityAdapters {
  /** The registry: residents, communities, departures, and the department's writes. */
  registry: CommunityRegistryAdapter;
}

export type CommunityContext = DepartmentContext<CommunityAdapters, CommunityLoaders>;
