/**
 * benefitAnomalies, computed from what the departments themselves answer through the graph
 * (death and departure records, active payments) with the rules table deciding which payments a
 * departure must have stopped; and supervision's reading of the audit log (auditLog.ts).
 */
import { findAnomalies } from '../../domain/reconciliation';
import { shanghaiToday } from '../../domain/period';
import { mergeResolvers } from '../../platform/server/subgraph';
import { auditLogResolvers } from './auditLog';
import type { ReconciliationContext } from './context';
import { candidates, EVIDENCE_QUERY, type EvidenceAnswer } from './evidence';

export const reconciliationResolvers = mergeResolvers<ReconciliationContext>(auditLogResolvers, {
  Query: {
    async benefitAnomalies(_root, _args, ctx: ReconciliationContext) {
      const answer = await ctx.adapters.graph.query<EvidenceAnswer>(EVIDENCE_QUERY, ctx.requestId);
      const today = shanghaiToday();
      const anomalies = candidates(answer).flatMap((c) => findAnomalies(c.idNumber, c.evidence, c.payments, today));
      ctx.logger.info('reconciliation done', { anomalies: anomalies.length });
      return anomalies
        .sort((a, b) => (b.estimatedOverpayment ?? 0) - (a.estimatedOverpayment ?? 0))
        .map((a) => ({ ...a, resident: { idNumber: a.idNumber } }));
    },
  },
});
