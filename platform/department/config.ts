/** A department's configuration, read once at start-up (platform/config.ts reads the environment). */
import type { SystemName } from '../../domain/systems';
import { subgraphConfig, type SubgraphConfig } from '../server/runSubgraph';
import { systemsOf } from './clients';
import type { Department } from './types';

/** The subgraph settings plus the URL of every system the department declares (`<SYSTEM>_URL`), from `env` (@default the process's environment). */
export function departmentConfig<S extends SystemName>(department: Pick<Department<S, unknown, unknown>, 'name' | 'systems'>, env?: NodeJS.ProcessEnv): SubgraphConfig {
  return subgraphConfig(department.name, systemsOf(department), env);
}
