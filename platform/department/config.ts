/** A department's configuration, read once at start-up (platform/config.ts reads the environment). */
import type { SystemName } from '../../domain/systems';
import { systemReadConfig } from '../config';
import { subgraphConfig } from '../server/runSubgraph';
import { systemsOf } from './clients';
import type { Department, DepartmentConfig } from './types';

/** The subgraph settings plus the URL of every system the department declares (`<SYSTEM>_URL`) and how it reads them (SYSTEM_CACHE*, SYSTEM_CALLS), from `env` (@default the process's environment). */
export function departmentConfig<S extends SystemName>(department: Pick<Department<S, unknown, unknown>, 'name' | 'systems'>, env?: NodeJS.ProcessEnv): DepartmentConfig {
  return Object.freeze({ ...subgraphConfig(department.name, systemsOf(department), env), systemReads: systemReadConfig(env) });
}
