/**
 * A subgraph definition with the audit plugin on `store` appended, the store closed after the
 * definition's own resources: `return withAudit({ name, resolvers, ... }, createAuditStore(config.intakeStore))`
 * in a department's build function.
 */
import type { RequestContext, SubgraphDefinition } from '../server/subgraph';
import { auditPlugin, type AuditPluginOptions } from './auditPlugin';
import type { AuditStore } from './types';

export function withAudit<Ctx extends RequestContext>(def: SubgraphDefinition<Ctx>, store: AuditStore, options: AuditPluginOptions = {}): SubgraphDefinition<Ctx> {
  return {
    ...def,
    // AUDIT_LOG=off (benchmarks only): not even the per-field bookkeeping runs.
    plugins: store.off ? def.plugins : [...(def.plugins ?? []), auditPlugin(store, options)],
    close: async () => {
      await def.close?.();
      await store.close();
    },
  };
}
