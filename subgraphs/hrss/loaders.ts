/**
 * Per-request DataLoaders of HR & social security: one loader serves both Resident.pension and
 * Resident.insured, so a list of residents costs one batched lookup (and its pages) per 100.
 */
import type DataLoader from 'dataloader';
import { NO_CACHE, type RecordCaches } from '../../platform/cache';
import { batchLoader } from '../../platform/loaders';
import { SOCIAL_INSURANCE_MAX_BATCH, type InsuranceRecord, type SocialInsuranceAdapter } from './adapters/social-insurance';

export interface HrssLoaders {
  insurance: DataLoader<string, InsuranceRecord | null>;
}

/** `caches`: the system-record cache below the loaders (platform/cache). @default none */
export function createHrssLoaders(socialInsurance: SocialInsuranceAdapter, caches: RecordCaches = NO_CACHE): HrssLoaders {
  return { insurance: batchLoader((ids) => socialInsurance.lookupMany(ids), SOCIAL_INSURANCE_MAX_BATCH, caches.view('SOCIAL_INSURANCE', 'insurance')) };
}
