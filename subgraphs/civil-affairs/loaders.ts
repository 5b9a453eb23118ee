/**
 * Per-request loaders of the civil-affairs subgraph. Both social assistance fields of a
 * resident read one record through one batched loader (one call per 100 residents); both
 * subsidy fields read one SOAP record through one loader (one call per resident, since the system
 * has no batch operation, at most the subsidy system's configured concurrency in flight:
 * {@link SUBSIDY_CONCURRENCY} as declared, `ELDERLY_DISABILITY_SUBSIDY_CONCURRENCY` when set).
 */
import type DataLoader from 'dataloader';
import { NO_CACHE, type RecordCaches } from '../../platform/cache';
import { batchLoader, oneByOneLoader } from '../../platform/loaders';
import { SOCIAL_ASSISTANCE_BATCH_LIMIT, type SocialAssistanceAdapter, type SocialAssistanceRecord } from './adapters/social-assistance';
import type { SubsidyAdapter, SubsidyRecord } from './adapters/elderly-disability-subsidy';

/** Most GetSubsidyRecord calls in flight for one request, as the department declares it: a legacy SOAP server is easily flooded. */
export const SUBSIDY_CONCURRENCY = 8;

export interface CivilAffairsLoaders {
  /** Subsistence allowance and special-hardship cases by ID number; null when the person has none. */
  socialAssistance: DataLoader<string, SocialAssistanceRecord | null>;
  /** Elderly and disability subsidies by ID number; null when the person holds none. */
  subsidies: DataLoader<string, SubsidyRecord | null>;
}

/** `caches`: the system-record cache below the loaders (platform/cache). @default none */
export function createCivilAffairsLoaders(socialAssistance: SocialAssistanceAdapter, subsidies: SubsidyAdapter, caches: RecordCaches = NO_CACHE): CivilAffairsLoaders {
  return {
    socialAssistance: batchLoader((ids) => socialAssistance.lookupMany(ids), SOCIAL_ASSISTANCE_BATCH_LIMIT, caches.view('SOCIAL_ASSISTANCE', 'assistance')),
    subsidies: oneByOneLoader((id) => subsidies.getRecord(id), subsidies.http.concurrency, caches.view('ELDERLY_DISABILITY_SUBSIDY', 'subsidies')),
  };
}
