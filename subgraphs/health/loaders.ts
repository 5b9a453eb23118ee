/**
 * Per-request DataLoaders of the health department: one FHIR search per resource type per 100
 * residents, whatever the number of residents or fields in the query.
 */
import type DataLoader from 'dataloader';
import type { Benefit, VitalStatus } from '../../domain/residents';
import { batchLoader } from '../../platform/loaders';
import { HEALTH_PLATFORM_MAX_BATCH, type HealthPlatformAdapter } from './adapters/health-platform';

export interface HealthLoaders {
  vitalStatus: DataLoader<string, VitalStatus | null>;
  familyPlanning: DataLoader<string, Benefit | null>;
}

export function createHealthLoaders(platform: HealthPlatformAdapter): HealthLoaders {
  return {
    vitalStatus: batchLoader((ids) => platform.vitalStatusMany(ids), HEALTH_PLATFORM_MAX_BATCH),
    familyPlanning: batchLoader((ids) => platform.familyPlanningMany(ids), HEALTH_PLATFORM_MAX_BATCH),
  };
}
