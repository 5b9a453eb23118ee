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
import type { SubgraphConfig } from '../server/runSubgraph';
import type { SubgraphDefinition } from '../server/subgraph';
import type { HttpClient } from '../http/client';
import { systemClients } from './clients';
import type { Department, DepartmentContext, DepartmentServices } from './types';

export function buildDepartment<S extends SystemName, A, L, Ctx extends DepartmentContext<A, L>>(
  department: Department<S, A, L, Ctx>,
  config: SubgraphConfig,
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
  const handlers = department.deliveries(adapters);
  const extend = department.context ?? sameContext<A, L, Ctx>;
  // Every read of a @sensitive field is audited before the answer leaves (fail closed).
  return withAudit(
    {
      name: department.name,
      resolvers: department.resolvers,
      context: (base) => extend({ ...base, adapters, loaders: department.loaders(adapters) }, services),
      communityOf: department.communityOf?.bind(department),
      metrics,
      background: handlers.length > 0 ? [departmentWorker(department.name, services.intakes, handlers, config, logger, metrics)] : [],
      // The systems' connection pools close with the subgraph (each client's close is idempotent).
      close: async () => {
        await Promise.all(Object.values<HttpClient>(clients).map((client) => client.close()));
        await intakes?.close();
      },
    },
    audit,
  );
}

/** A department without a context hook: its context type is the base one (Ctx's default), as `defineDepartment` infers it. */
function sameContext<A, L, Ctx extends DepartmentContext<A, L>>(base: DepartmentContext<A, L>): Ctx {
  return base as Ctx;
}
