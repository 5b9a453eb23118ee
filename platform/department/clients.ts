/** The HTTP clients of a department's systems: one per system per process, from the config and the department's tuning. */
import type { SystemName } from '../../domain/systems';
import { HttpClient } from '../http/client';
import type { Registry } from '../metrics/registry';
import { DepartmentSetupError } from './errors';
import type { Department, DepartmentConfig, SystemClients } from './types';

/** The systems a department owns, in its declaration's order. */
export function systemsOf<S extends SystemName>(department: Pick<Department<S, unknown, unknown>, 'systems'>): S[] {
  // Object.keys loses the key type; the declaration's keys are exactly S.
  return Object.keys(department.systems) as S[];
}

export function systemClients<S extends SystemName>(department: Pick<Department<S, unknown, unknown>, 'name' | 'systems'>, config: DepartmentConfig, metrics?: Registry): SystemClients<S> {
  const entries = systemsOf(department).map((system) => {
    const baseUrl = config.systemUrls[system];
    if (!baseUrl) throw new DepartmentSetupError(department.name, `has no URL for ${system}: build its config with departmentConfig(department) so every system it declares gets one.`);
    // The operator's <SYSTEM>_CONCURRENCY, when set, wins over the concurrency the department declares.
    const concurrency = config.systemConcurrency?.[system];
    // SYSTEM_CALLS=plain: a fetch per call instead of the keep-alive pool (the benchmark's "cheaper calls" off).
    const fetchImpl = config.systemReads?.calls === 'plain' ? fetch : undefined;
    return [system, new HttpClient({ timeoutMs: config.systemTimeoutMs, ...department.systems[system], ...(concurrency ? { concurrency } : {}), system, baseUrl, metrics }, fetchImpl)] as const;
  });
  return Object.freeze(Object.fromEntries(entries)) as SystemClients<S>;
}
