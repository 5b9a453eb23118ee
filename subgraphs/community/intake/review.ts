/**
 * Accountable reports: a report made with a QR credential (anyone who photographed the printed
 * sheet may hold it) names nobody, so it is held AWAITING_CONFIRMATION, with nothing written to
 * any system, until a signed-in worker of its community confirms it (its deliveries become due
 * then, once) or rejects it. The worker's decision is audited under their own name, next to the
 * INTAKE record that names the credential which reported it.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { freeText } from '../../../domain/populationChange';
import { toFieldProblems } from '../../../domain/validation';
import { isIntakeCredential } from '../../../platform/auth/intakeCredential';
import type { Caller } from '../../../platform/auth/caller';
import { auditIntake } from '../../../platform/audit';
import { errors } from '../../../platform/errors';
import type { Intake, IntakeView } from '../../../platform/intake/types';
import type { IntakeContext } from './resolvers';
import { guarded } from './guarded';
import { intakeView } from './views';
import { waitForDeliveries } from './waitForDeliveries';

/** Why a worker rejects a report: one line of plain text, as the report's own free text. */
const RejectionReason = freeText(200);

/** A signed-in worker of a community (never a QR credential, which names nobody). */
function signedInWorker(ctx: IntakeContext): Caller & { community: string } {
  const caller = ctx.caller;
  if (!caller || caller.role !== 'community' || !caller.community) throw errors.forbidden('only community workers confirm or reject reports');
  if (isIntakeCredential(caller)) throw errors.forbidden('a QR credential names nobody, so it cannot confirm or reject a report; a community worker signs in with their own token');
  return caller as Caller & { community: string };
}

/** The held report, if it is the worker's community's; NOT_FOUND otherwise (another community's reports are not theirs to see). */
async function ownReport(ctx: IntakeContext, intakeId: string, worker: Caller & { community: string }): Promise<IntakeView> {
  const view = await guarded(() => ctx.intakes.store.getIntake(intakeId));
  if (!view || view.intake.change.community !== worker.community) throw errors.notFound('The intake');
  return view;
}

function notAwaiting(intake: Intake) {
  const state = intake.review?.state ?? 'a worker’s own report';
  return errors.badUserInput([{ path: ['intakeId'], rule: 'notAwaitingConfirmation', message: `only a report awaiting confirmation can be confirmed or rejected; this one is ${state}` }]);
}

/** The worker's decision, recorded before it takes effect (no decision without its record). */
const auditDecision = (ctx: IntakeContext, intake: Intake, decision: 'confirmation' | 'rejection') =>
  ctx.intakes.audit ? auditIntake(ctx.intakes.audit, ctx, intake.change, { purpose: `${decision} of QR report ${intake.id} (reported by ${intake.reportedBy})` }) : Promise.resolve();

export const reviewResolvers: GraphQLResolverMap<IntakeContext> = {
  Query: {
    async unconfirmedReports(_root, _args, ctx: IntakeContext) {
      const worker = signedInWorker(ctx);
      const intakes = await guarded(() => ctx.intakes.store.listUnconfirmed(worker.community));
      return intakes.map((intake) => intakeView({ intake, deliveries: [], forms: [], status: 'AWAITING_CONFIRMATION' }));
    },
  },
  Mutation: {
    async confirmPopulationChange(_root, { intakeId }: { intakeId: string }, ctx: IntakeContext) {
      const worker = signedInWorker(ctx);
      const view = await ownReport(ctx, intakeId, worker);
      // Confirming twice (a double tap, a retry after a lost answer) answers the same, adds nothing.
      if (view.intake.review?.state === 'CONFIRMED') return intakeView(view);
      if (view.intake.review?.state !== 'UNCONFIRMED') throw notAwaiting(view.intake);
      await auditDecision(ctx, view.intake, 'confirmation');
      const confirmed = await guarded(() => ctx.intakes.store.confirmIntake(intakeId, worker.subject));
      const after = await guarded(() => waitForDeliveries(ctx.intakes.store, intakeId, confirmed ? ctx.intakes.waitMs : 0, ctx.intakes.pollMs));
      if (after.intake.review?.state !== 'CONFIRMED') throw notAwaiting(after.intake);
      ctx.logger.info(confirmed ? 'intake confirmed' : 'intake already confirmed', { intakeId });
      return intakeView(after);
    },

    async rejectPopulationChange(_root, { intakeId, reason }: { intakeId: string; reason: unknown }, ctx: IntakeContext) {
      const worker = signedInWorker(ctx);
      const parsed = RejectionReason.safeParse(reason);
      if (!parsed.success) throw errors.badUserInput(toFieldProblems(parsed.error, ['reason']));
      const view = await ownReport(ctx, intakeId, worker);
      if (view.intake.review?.state !== 'UNCONFIRMED') throw notAwaiting(view.intake);
      await auditDecision(ctx, view.intake, 'rejection');
      if (!(await guarded(() => ctx.intakes.store.rejectIntake(intakeId, worker.subject, parsed.data)))) {
        throw notAwaiting((await guarded(() => ctx.intakes.store.getIntake(intakeId)))!.intake);
      }
      ctx.logger.info('intake rejected', { intakeId });
      return intakeView((await guarded(() => ctx.intakes.store.getIntake(intakeId)))!);
    },
  },
};
