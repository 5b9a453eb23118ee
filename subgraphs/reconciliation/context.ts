/** What the reconciliation resolvers get: the department context over its one adapter (the graph, read through the gateway), and the audit log. */
import type { DepartmentContext } from '../../platform/department';
import type { AuditLogContext } from './auditLog';
import type { GraphClient } from './graphClient';

export interface ReconciliationAdapters {
  /** The resident graph, read through the gateway as the reconciliation service (never a system directly). */
  graph: GraphClient;
}

/** Reconciliation reads with one query per request and batches nothing itself: no loaders. */
export type ReconciliationLoaders = Record<never, never>;

export interface ReconciliationContext extends DepartmentContext<ReconciliationAdapters, ReconciliationLoaders>, AuditLogContext {}
