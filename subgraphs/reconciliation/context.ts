/** What the reconciliation resolvers get: the department context over its one adapter (the graph, read through the gateway), how a run reads it, and the audit log. */
import type { DepartmentContext } from '../../platform/department';
import type { AuditLogContext } from './auditLog';
import type { ReadSettings } from './config';
import type { GraphClient } from './graphClient';

export interface ReconciliationAdapters {
  /** The resident graph, read through the gateway as the reconciliation service (never a system directly). */
  graph: GraphClient;
}

/** Reconciliation batches its candidates itself (candidates.ts), within one run: no loaders. */
export type ReconciliationLoaders = Record<never, never>;

export interface ReconciliationContext extends DepartmentContext<ReconciliationAdapters, ReconciliationLoaders>, AuditLogContext {
  /** Batch size, batches in flight and the budget of one run (config.ts). */
  reads: ReadSettings;
}
