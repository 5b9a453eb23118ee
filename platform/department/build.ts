/**
 * Wires a declared department into a served subgraph, the same way for every department: the
 * platform's HTTP clients for its systems, its adapters on them, the intake and audit stores,
 * the delivery worker over its handlers, a per-request context with fresh loaders, and close.
 */
import type { SystemName } from '../../domain/systems';
import { createAuditStore, withAudit } from '../audit';
import { timedAuditStore } from '../audit/timedStore';
import { departmentWorker } from '../delivery/startWorker';
import { createIntakeStore, type IntakeStore } from '../intake';
import type { Logger } from '../logger';
import { createMetricsRegistry } from '../metrics/registry';
import { systemReadConfig } from '../config';
import { isServiceRole } from '../auth/caller';
import { createSystemRecordCache } from '../cache/create';
import { NO_CACHE } from '../cache/recordCache';
import type { SubgraphDefinition } from '../server/subgraph';
import type { HttpClient } from '../http/client';
import { systemClients } from './clients';
import { invalidatingHandler } from './invalidation';
import type { Department, DepartmentConfig, DepartmentContext, DepartmentServices } from './types';

export function buildDepartment<S extends SystemName, A, L, Ctx extends DepartmentContext<A, L>>(
  department: Department<S, A, L, Ctx>,
  config: DepartmentConfig,
  logger: Logger,
): SubgraphDefinition<Ctx> {
  const metrics = createMetricsRegistry(department.name);
  const clients = systemClients(department, config, metrics);
  const adapters = department.adapters(clients, config);
  // Every append timed and its failures counted (audit_append_*), for the AuditLogFailing alert.
  const audit = timedAuditStore(createAuditStore(config.intakeStore), metrics);
  // Opened on first use: a department that delivers nothing and reads no intakes (reconciliation) never opens it.
  let intakes: IntakeStore | undefined;
  const services: DepartmentServices = {
    config,
    logger,
    audit,
    metrics,
    get intakes() {
      return (intakes ??= createIntakeStore(config.intakeStore));
    },
  };
  // Below the loaders, so permission checks and audit see a cached read as a system read.
  const cache = createSystemRecordCache({
    settings: (config.systemReads ?? systemReadConfig({})).cache,
    secret: config.gatewaySecret,
    redisUrl: config.intakeStore.redisUrl,
    redisPrefix: config.intakeStore.redisPrefix,
    metrics,
  });
  const handlers = department.deliveries(adapters).map((handler) => (cache ? invalidatingHandler(handler, cache) : handler));
  const extend = department.context ?? sameContext<A, L, Ctx>;
  // Every read of a @sensitive field is audited before the answer leaves (fail closed).
  return withAudit(
    {
      name: department.name,
      resolvers: department.resolvers,
      // Reconciliation (a service caller) compares the systems with each other: it reads them, never the cache.
      context: (base) => extend({ ...base, adapters, loaders: department.loaders(adapters, cache && !(base.caller && isServiceRole(base.caller.role)) ? cache : NO_CACHE) }, services),
      communityOf: department.communityOf?.bind(department),
      metrics,
      background: handlers.length > 0 ? [departmentWorker(department.name, services.intakes, handlers, config, logger, metrics)] : [],
      // The systems' connection pools close with the subgraph (each client's close is idempotent).
      close: async () => {
        await Promise.all(Object.values<HttpClient>(clients).map((client) => client.close()));
        await intakes?.close();
        await cache?.close();
      },
    },
    audit,
  );
}

/** A department without a context hook: its context type is the base one (Ctx's default), as `defineDepartment` infers it. */
function sameContext<A, L, Ctx extends DepartmentContext<A, L>>(base: DepartmentContext<A, L>): Ctx {
  return base as Ctx;
}
