/**
 * The reconciliation subgraph, in the department shape with no systems of its own: it reads the
 * resident graph through the gateway (so each system is read by its own department) and the audit
 * log, itself audited like every read of personal data. The platform wires the rest.
 */
import { defineDepartment } from '../../platform/department';
import type { ReconciliationSettings } from './config';
import type { ReconciliationContext } from './context';
import { GraphClient } from './graphClient';
import { reconciliationResolvers } from './resolvers';

/** `settings.gatewayUrl` is read on every call, so a test can bind it after the gateway has started. */
export function reconciliationDepartment(settings: Pick<ReconciliationSettings, 'timeoutMs'> & { gatewayUrl: () => string }) {
  return defineDepartment({
    name: 'reconciliation',
    systems: {},
    adapters: (_clients, config) => ({ graph: new GraphClient({ gatewayUrl: settings.gatewayUrl, internalSecret: config.gatewaySecret, timeoutMs: settings.timeoutMs }) }),
    loaders: () => ({}),
    resolvers: reconciliationResolvers,
    deliveries: () => [],
    // auditLog reads the audit log the subgraphs write to.
    context: (base, { audit }): ReconciliationContext => ({ ...base, audit }),
  });
}
