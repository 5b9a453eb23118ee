/**
 * benefitAnomalies, computed from what the departments themselves answer through the graph
 * (death and departure records, then the candidates' active payments in batches) with the rules
 * table deciding which payments a departure must have stopped; and supervision's reading of the
 * audit log (auditLog.ts).
 */
import { findAnomalies } from '../../domain/reconciliation';
import { shanghaiToday } from '../../domain/period';
import { mergeResolvers } from '../../platform/server/subgraph';
import { auditLogResolvers } from './auditLog';
import { readPayments } from './candidates';
import type { ReconciliationContext } from './context';
import { activePayments, CANDIDATES_QUERY, departures, EVIDENCE_QUERY, type CandidatesAnswer, type EvidenceAnswer } from './evidence';

export const reconciliationResolvers = mergeResolvers<ReconciliationContext>(auditLogResolvers, {
  Query: {
    async benefitAnomalies(_root, _args, ctx: ReconciliationContext) {
      const { graph } = ctx.adapters;
      // One budget for the whole run: the evidence lists and every batch after them.
      const signal = AbortSignal.timeout(ctx.reads.timeoutMs);
      const evidence = departures(await graph.query<EvidenceAnswer>(EVIDENCE_QUERY, ctx.requestId, { signal }));
      const payments = await readPayments([...evidence.keys()], ctx.reads, (batch) =>
        graph.query<CandidatesAnswer>(CANDIDATES_QUERY, ctx.requestId, { variables: { joinKeys: batch.map((idNumber) => graph.joinKey(idNumber)) }, signal }),
      );
      const today = shanghaiToday();
      const anomalies = [...evidence].flatMap(([idNumber, found]) => findAnomalies(idNumber, found, activePayments(payments.get(idNumber)!), today));
      ctx.logger.info('reconciliation done', { candidates: evidence.size, anomalies: anomalies.length });
      return anomalies
        .sort((a, b) => (b.estimatedOverpayment ?? 0) - (a.estimatedOverpayment ?? 0))
        .map((a) => ({ ...a, resident: { idNumber: a.idNumber } }));
    },
  },
});
