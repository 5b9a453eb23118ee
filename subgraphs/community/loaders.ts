/**
 * Per-request loaders of the community subgraph. Every Resident field reads the registry's
 * person through one loader, so a page of residents, or 100 `_entities` references from the
 * gateway, cost one registry call, not one per resident or per field.
 */
import type DataLoader from 'dataloader';
import type { RegisteredPerson } from '../../domain/residents';
import { NO_CACHE, type RecordCaches } from '../../platform/cache';
import { batchLoader, oneByOneLoader } from '../../platform/loaders';
import { LOOKUP_MAX, type CommunityRegistryAdapter, type PersonPage } from './adapters/community-registry';

export interface CommunityLoaders {
  /** The registry's person by ID number; null when the registry does not know the number. */
  person: DataLoader<string, RegisteredPerson | null>;
  /** A page of the whole registry by its key ({@link pageKey}): a listing, cached until any write to the registry. */
  page: DataLoader<string, PersonPage | null>;
  /** One community's persons (the registry's CSV export) by community code: a listing likewise. */
  communityExport: DataLoader<string, RegisteredPerson[] | null>;
}

/** The page loader's key for the page of `limit` persons after `after`. */
export const pageKey = (limit: number, after: string | null): string => JSON.stringify([limit, after]);

/** `caches`: the system-record cache below the loaders (platform/cache). @default none */
export function createCommunityLoaders(registry: CommunityRegistryAdapter, caches: RecordCaches = NO_CACHE): CommunityLoaders {
  return {
    person: batchLoader((ids) => registry.lookupMany(ids), LOOKUP_MAX, caches.view('COMMUNITY_REGISTRY', 'person')),
    // One listing per request in practice: no concurrency to bound.
    page: oneByOneLoader(
      (key) => {
        const [limit, after] = JSON.parse(key) as [number, string | null];
        return registry.listPersons({ limit, after });
      },
      1,
      caches.listing('COMMUNITY_REGISTRY', 'page'),
    ),
    communityExport: oneByOneLoader((community) => registry.exportCsv(community), 1, caches.listing('COMMUNITY_REGISTRY', 'export')),
  };
}
