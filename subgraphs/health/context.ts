/** What the health resolvers get: the platform's department context over this department's adapters and loaders. */
import type { DepartmentContext } from '../../platform/department';
import type { HealthPlatformAdapter } from './adapters/health-platform';
import type { HealthLoaders } from './loaders';

export interface HealthAdapters {
  /** For the department's writes (death registration, ending family-planning assistance) and whole-platform reads. */
  healthPlatform: HealthPlatformAdapter;
}

export type HealthContext = DepartmentContext<HealthAdapters, HealthLoaders>;
