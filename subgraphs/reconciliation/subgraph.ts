/**
 * The reconciliation subgraph: benefitAnomalies, computed from what the departments themselves
 * answer through the graph (death and departure records, active payments) with the rules table
 * deciding which payments a departure must have stopped; and supervision's reading of the audit
 * log (auditLog.ts), itself audited like every read of personal data.
 */
import { findAnomalies } from '../../domain/reconciliation';
import { shanghaiToday } from '../../domain/period';
import { auditPlugin, type AuditStore } from '../../platform/audit';
import { mergeResolvers, type SubgraphDefinition } from '../../platform/server/subgraph';
import { auditLogResolvers, type AuditLogContext } from './auditLog';
import { candidates, EVIDENCE_QUERY, type EvidenceAnswer } from './evidence';
import { GraphClient, type GraphClientOptions } from './graphClient';

export interface ReconciliationContext extends AuditLogContext {
  graph: GraphClient;
}

export interface ReconciliationOptions extends GraphClientOptions {
  /** The audit log (the store the subgraphs write to): auditLog reads it, and reads of it are recorded in it. */
  audit?: AuditStore;
}

export function buildReconciliationSubgraph(options: ReconciliationOptions): SubgraphDefinition<ReconciliationContext> {
  const graph = new GraphClient(options);
  const { audit } = options;
  return {
    name: 'reconciliation',
    context: (base) => ({ ...base, graph, audit }),
    plugins: audit ? [auditPlugin(audit)] : [],
    close: async () => audit?.close(),
    resolvers: mergeResolvers<ReconciliationContext>(auditLogResolvers, {
      Query: {
        async benefitAnomalies(_root, _args, ctx: ReconciliationContext) {
          const answer = await ctx.graph.query<EvidenceAnswer>(EVIDENCE_QUERY, ctx.requestId);
          const today = shanghaiToday();
          const anomalies = candidates(answer).flatMap((c) => findAnomalies(c.idNumber, c.evidence, c.payments, today));
          ctx.logger.info('reconciliation done', { anomalies: anomalies.length });
          return anomalies
            .sort((a, b) => (b.estimatedOverpayment ?? 0) - (a.estimatedOverpayment ?? 0))
            .map((a) => ({ ...a, resident: { idNumber: a.idNumber } }));
        },
      },
    }),
  };
}
