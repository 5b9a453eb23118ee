/**
 * A wrong report is corrected by withdrawing it and reporting again (a second report of a person
 * is refused while the first stands: currentState.ts). Withdrawing stops what was not yet written
 * (its deliveries become WITHDRAWN, in one store step, so no worker writes them afterwards); what
 * was written stays, since reversing it (reinstating a benefit) is the owning department's clerk's
 * decision: each such delivery is listed in deliveriesNeedingAttention until that department
 * acknowledges it. The worker's withdrawal is audited under their own name before it takes effect.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { freeText } from '../../../domain/populationChange';
import { SYSTEMS, type SystemName } from '../../../domain/systems';
import { toFieldProblems } from '../../../domain/validation';
import { isIntakeCredential } from '../../../platform/auth/intakeCredential';
import type { Caller } from '../../../platform/auth/caller';
import { auditIntake } from '../../../platform/audit';
import { errors } from '../../../platform/errors';
import type { IntakeView } from '../../../platform/intake/types';
import type { IntakeContext } from './resolvers';
import { requireCaller } from './resolvers';
import { guarded } from './guarded';
import { intakeView } from './views';

/** Why a worker withdraws a report: one line of plain text, as a rejection's. */
const WithdrawalReason = freeText(200);

/** A signed-in worker of a community (never a QR credential, which names nobody). */
function signedInWorker(ctx: IntakeContext): Caller & { community: string } {
  const caller = requireCaller(ctx);
  if (caller.role !== 'community' || !caller.community) throw errors.forbidden('only community workers withdraw reports');
  if (isIntakeCredential(caller)) throw errors.forbidden('a QR credential names nobody, so it cannot withdraw a report; a community worker signs in with their own token');
  return caller as Caller & { community: string };
}

/** The report, if the caller may see it (a community worker: their own community's); NOT_FOUND otherwise. */
async function visibleReport(ctx: IntakeContext, intakeId: string, caller: Caller): Promise<IntakeView> {
  const view = await guarded(() => ctx.intakes.store.getIntake(intakeId));
  if (!view || (caller.role === 'community' && view.intake.change.community !== caller.community)) throw errors.notFound('The intake');
  return view;
}

const reread = async (ctx: IntakeContext, intakeId: string) => intakeView((await guarded(() => ctx.intakes.store.getIntake(intakeId)))!);

export const withdrawalResolvers: GraphQLResolverMap<IntakeContext> = {
  Mutation: {
    async withdrawPopulationChange(_root, { intakeId, reason }: { intakeId: string; reason: unknown }, ctx: IntakeContext) {
      const worker = signedInWorker(ctx);
      const parsed = WithdrawalReason.safeParse(reason);
      if (!parsed.success) throw errors.badUserInput(toFieldProblems(parsed.error, ['reason']));
      const view = await visibleReport(ctx, intakeId, worker);
      // Withdrawing twice (a double tap, a retry after a lost answer) answers the same, changes nothing.
      if (view.intake.withdrawal) return intakeView(view);
      if (ctx.intakes.audit) await auditIntake(ctx.intakes.audit, ctx, view.intake.change, { purpose: `withdrawal of report ${view.intake.id}` });
      const withdrawn = await guarded(() => ctx.intakes.store.withdrawIntake(intakeId, worker.subject, parsed.data));
      ctx.logger.info(withdrawn ? 'intake withdrawn' : 'intake already withdrawn', { intakeId });
      return reread(ctx, intakeId);
    },

    async acknowledgeWithdrawal(_root, { intakeId, system }: { intakeId: string; system: SystemName }, ctx: IntakeContext) {
      const caller = requireCaller(ctx);
      if (isIntakeCredential(caller)) throw errors.forbidden('a QR credential cannot acknowledge a withdrawal; a worker signs in with their own token');
      const view = await visibleReport(ctx, intakeId, caller);
      if (SYSTEMS[system].department !== caller.role) throw errors.forbidden(`the ${caller.role} role acknowledges withdrawals for its own department's systems only`);
      const written = view.deliveries.find((d) => d.system === system)?.status === 'DELIVERED';
      if (!view.intake.withdrawal || !written) {
        throw errors.badUserInput([
          { path: ['system'], rule: 'notWithdrawnAfterDelivery', message: 'only a delivery written before its report was withdrawn has a withdrawal to acknowledge; this one has none' },
        ]);
      }
      // Acknowledged already (by another clerk, or a retry): answers the same, changes nothing.
      if (await guarded(() => ctx.intakes.store.acknowledgeWithdrawal(intakeId, system))) ctx.logger.info('withdrawal acknowledged', { intakeId, system });
      return reread(ctx, intakeId);
    },
  },
};
