/**
 * Per-request loaders of the community subgraph. Every Resident field reads the registry's
 * person through one loader, so a page of residents, or 100 `_entities` references from the
 * gateway, cost one registry call, not one per resident or per field.
 */
import type DataLoader from 'dataloader';
import type { RegisteredPerson } from '../../domain/residents';
import { NO_CACHE, type RecordCaches } from '../../platform/cache';
import { batchLoader } from '../../platform/loaders';
import { LOOKUP_MAX, type CommunityRegistryAdapter } from './adapters/community-registry';

export interface CommunityLoaders {
  /** The registry's person by ID number; null when the registry does not know the number. */
  person: DataLoader<string, RegisteredPerson | null>;
}

/** `caches`: the system-record cache below the loaders (platform/cache). @default none */
export function createCommunityLoaders(registry: CommunityRegistryAdapter, caches: RecordCaches = NO_CACHE): CommunityLoaders {
  return { person: batchLoader((ids) => registry.lookupMany(ids), LOOKUP_MAX, caches.view('COMMUNITY_REGISTRY', 'person')) };
}
