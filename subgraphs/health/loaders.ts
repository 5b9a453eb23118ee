/**
 * Per-request DataLoaders of the health department: one FHIR search per resource type per 100
 * residents, whatever the number of residents or fields in the query.
 */
import type DataLoader from 'dataloader';
import type { Benefit, VitalStatus } from '../../domain/residents';
import { NO_CACHE, type RecordCaches } from '../../platform/cache';
import { batchLoader } from '../../platform/loaders';
import { HEALTH_PLATFORM_MAX_BATCH, type HealthPlatformAdapter } from './adapters/health-platform';

export interface HealthLoaders {
  vitalStatus: DataLoader<string, VitalStatus | null>;
  familyPlanning: DataLoader<string, Benefit | null>;
}

/** `caches`: the system-record cache below the loaders (platform/cache). @default none */
export function createHealthLoaders(platform: HealthPlatformAdapter, caches: RecordCaches = NO_CACHE): HealthLoaders {
  return {
    vitalStatus: batchLoader((ids) => platform.vitalStatusMany(ids), HEALTH_PLATFORM_MAX_BATCH, caches.view('HEALTH_PLATFORM', 'vital-status')),
    familyPlanning: batchLoader((ids) => platform.familyPlanningMany(ids), HEALTH_PLATFORM_MAX_BATCH, caches.view('HEALTH_PLATFORM', 'family-planning')),
  };
}
