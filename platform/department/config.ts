/** A department's configuration, read from the environment once at start-up (the one place this folder reads it). */
import type { SystemName } from '../../domain/systems';
import { subgraphConfig, type SubgraphConfig } from '../server/runSubgraph';
import { systemsOf } from './clients';
import type { Department } from './types';

/** The subgraph settings plus the URL of every system the department declares (`<SYSTEM>_URL`). */
export function departmentConfig<S extends SystemName>(department: Pick<Department<S, unknown, unknown>, 'name' | 'systems'>, env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  return subgraphConfig(department.name, systemsOf(department), env);
}
