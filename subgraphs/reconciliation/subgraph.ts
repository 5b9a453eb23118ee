/**
 * The reconciliation subgraph: benefitAnomalies, computed from what the departments themselves
 * answer through the graph (death and departure records, active payments) with the rules table
 * deciding which payments a departure must have stopped.
 */
import { findAnomalies } from '../../domain/reconciliation';
import { shanghaiToday } from '../../domain/period';
import type { RequestContext, SubgraphDefinition } from '../../platform/server/subgraph';
import { candidates, EVIDENCE_QUERY, type EvidenceAnswer } from './evidence';
import { GraphClient, type GraphClientOptions } from './graphClient';

export interface ReconciliationContext extends RequestContext {
  graph: GraphClient;
}

export function buildReconciliationSubgraph(options: GraphClientOptions): SubgraphDefinition<ReconciliationContext> {
  const graph = new GraphClient(options);
  return {
    name: 'reconciliation',
    context: (base) => ({ ...base, graph }),
    resolvers: {
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
    },
  };
}
