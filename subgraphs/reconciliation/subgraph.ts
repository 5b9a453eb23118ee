/**
 * The reconciliation subgraph, in the department shape with no systems of its own: it reads the
 * resident graph through the gateway (so each system is read by its own department) and the audit
 * log, itself audited like every read of personal data. The platform wires the rest.
 */
import { defineDepartment } from '../../platform/department';
import { DEFAULT_READ_SETTINGS, type ReadSettings } from './config';
import type { ReconciliationContext } from './context';
import { GraphClient } from './graphClient';
import { reconciliationResolvers } from './resolvers';

/** `settings.gatewayUrl` is read on every call, so a test can bind it after the gateway has started; unset read settings take their defaults. */
export function reconciliationDepartment(settings: Partial<ReadSettings> & { gatewayUrl: () => string }) {
  const reads: ReadSettings = { ...DEFAULT_READ_SETTINGS, ...settings };
  return defineDepartment({
    name: 'reconciliation',
    systems: {},
    adapters: (_clients, config) => ({ graph: new GraphClient({ gatewayUrl: settings.gatewayUrl, internalSecret: config.gatewaySecret, timeoutMs: reads.timeoutMs }) }),
    loaders: () => ({}),
    resolvers: reconciliationResolvers,
    deliveries: () => [],
    // auditLog reads the audit log the subgraphs write to.
    context: (base, { audit }): ReconciliationContext => ({ ...base, audit, reads }),
  });
}
