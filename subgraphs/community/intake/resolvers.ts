/**
 * The single input and what can be read of it afterwards: reportPopulationChange (validate,
 * store durably with its outbox, wait a bounded time for the deliveries), retryDelivery (an
 * operator's second chance for a dead letter), intake, populationChanges and forms by period.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { PeriodInput, resolvePeriod } from '../../../domain/period';
import { SYSTEM_NAMES, SYSTEMS, type SystemName } from '../../../domain/systems';
import { toFieldProblems } from '../../../domain/validation';
import type { Caller } from '../../../platform/auth/caller';
import { readableFormFields } from '../../../platform/auth/formFieldAccess';
import { errors } from '../../../platform/errors';
import { auditIntake } from '../../../platform/audit';
import { isIntakeCredential } from '../../../platform/auth/intakeCredential';
import { checking, guarded, storedAlready, storing } from './guarded';
import type { CommunityContext } from '../context';
import { inputHash } from './inputHash';
import { acknowledgedBy, acknowledgeFor, markHandled } from './formMarks';
import { formMarkResolvers, listForms, type FormsArgs } from './forms';
import { listReports, type ReportsArgs } from './reports';
import { validateReport } from './validateReport';
import type { IntakeContext, IntakeServices } from './intakeContext';
import { changeView, formView, intakeView } from './views';
import { waitForDeliveries } from './waitForDeliveries';
import { activeTraceParent } from '../../../platform/tracing/tracer';

export type { IntakeContext, IntakeServices } from './intakeContext';

function period(raw: unknown, services: IntakeServices) {
  const parsed = PeriodInput.safeParse(raw ?? {});
  if (!parsed.success) throw errors.badUserInput(toFieldProblems(parsed.error, ['period']));
  return resolvePeriod(parsed.data, services.now?.() ?? new Date());
}

/** The report mutation, with a report refused before it was stored counted by why (intakes_total). */
function countedReports<Args>(report: (root: unknown, args: Args, ctx: IntakeContext) => Promise<unknown>) {
  return async (root: unknown, args: Args, ctx: IntakeContext) => {
    try {
      return await report(root, args, ctx);
    } catch (err) {
      ctx.intakes.metrics?.refused(err, ctx);
      throw err;
    }
  };
}

export function requireCaller(ctx: CommunityContext): Caller {
  if (!ctx.caller) throw errors.forbidden('requests come through the gateway with an authenticated caller');
  return ctx.caller;
}

/** Whether the caller may retry this system's delivery: a department its own systems', a community worker any of its reports'. */
function mayRetry(caller: Caller, system: SystemName): boolean {
  return caller.role === 'community' || SYSTEMS[system].department === caller.role;
}

export const intakeResolvers: GraphQLResolverMap<IntakeContext> = {
  Query: {
    async intake(_root, { id }: { id: string }, ctx: IntakeContext) {
      const caller = requireCaller(ctx);
      const view = await guarded(() => ctx.intakes.store.getIntake(id));
      // A QR credential reads back the reports it made itself, by the id it was given, and no other.
      if (isIntakeCredential(caller) && view?.intake.reportedBy !== caller.subject) throw errors.forbidden('a QR credential reads back only the reports it made itself');
      if (!view) return null;
      // A community worker sees only their own community's reports.
      if (caller.role === 'community' && view.intake.change.community !== caller.community) return null;
      return intakeView(view);
    },

    reports: (_root: unknown, args: ReportsArgs, ctx: IntakeContext) => listReports(args, ctx),

    async populationChanges(_root, args: { period: unknown }, ctx: IntakeContext) {
      const caller = requireCaller(ctx);
      const range = period(args.period, ctx.intakes);
      const intakes = await guarded(() => ctx.intakes.store.listIntakes(range, caller.role === 'community' ? caller.community : undefined));
      return intakes.map(changeView);
    },

    formsAcknowledgedUpTo: async (_root: unknown, _args: unknown, ctx: IntakeContext) => acknowledgedBy(requireCaller(ctx), ctx),

    forms: async (_root: unknown, args: FormsArgs, ctx: IntakeContext) => listForms(args, ctx, period(args.period, ctx.intakes)),
  },

  Form: {
    // A form's content follows the rule of the fields it carries (platform/auth/formFieldAccess.ts).
    fields: (form: ReturnType<typeof formView>, _args: unknown, ctx: IntakeContext) => readableFormFields(form, requireCaller(ctx).role),
    ...formMarkResolvers,
  },

  Mutation: {
    acknowledgeForms: async (_root: unknown, { upTo }: { upTo: unknown }, ctx: IntakeContext) => acknowledgeFor(requireCaller(ctx), upTo, ctx),

    markFormsHandled: async (_root: unknown, args: { formIds: unknown; handled: unknown }, ctx: IntakeContext) => markHandled(args, ctx),

    // Counted once per report (intakes_total): stored (below), or refused with the rule or code it was refused with.
    reportPopulationChange: countedReports(async (_root: unknown, { input }: { input: unknown }, ctx: IntakeContext) => {
      // Validation reads earlier reports from the store too: a store that is down says nothing was accepted.
      const change = await checking(() => validateReport(input, ctx.caller, ctx));
      // No report is stored without its audit record (AUDIT_UNAVAILABLE otherwise; the same key can be sent again).
      if (ctx.intakes.audit) await auditIntake(ctx.intakes.audit, ctx, change);
      // A QR credential names nobody: its report waits for a signed-in worker's confirmation (review.ts).
      const qr = isIntakeCredential(ctx.caller!);
      const result = await storing(() =>
        ctx.intakes.store.createIntake(change.idempotencyKey, { change, inputHash: inputHash(change), reportedBy: ctx.caller!.subject, systems: SYSTEM_NAMES, awaitConfirmation: qr, traceParent: activeTraceParent() }),
      );
      // Another credential's report under the same key is not this credential's to read back.
      if (result.outcome === 'conflict' || (qr && result.intake.reportedBy !== ctx.caller!.subject)) throw errors.idempotencyConflict();
      ctx.intakes.metrics?.stored(result.outcome, ctx);
      ctx.logger.info(result.outcome === 'created' ? 'intake accepted' : 'intake replayed', { intakeId: result.intake.id, kind: change.kind });
      return intakeView(await storedAlready(result.intake.id, () => waitForDeliveries(ctx.intakes.store, result.intake.id, ctx.intakes.waitMs, ctx.intakes.pollMs)));
    }),

    async retryDelivery(_root, { intakeId, system }: { intakeId: string; system: SystemName }, ctx: IntakeContext) {
      const caller = requireCaller(ctx);
      const view = await guarded(() => ctx.intakes.store.getIntake(intakeId));
      if (!view || (caller.role === 'community' && view.intake.change.community !== caller.community)) throw errors.notFound('The intake');
      if (!mayRetry(caller, system)) throw errors.forbidden(`the ${caller.role} role retries deliveries to its own department's systems only`);
      const delivery = view.deliveries.find((d) => d.system === system);
      if (!delivery || delivery.status !== 'FAILED') {
        throw errors.badUserInput([{ path: ['system'], rule: 'notFailed', message: `only a FAILED delivery can be retried; this one is ${delivery?.status ?? 'absent'}` }]);
      }
      await guarded(() => ctx.intakes.store.retryDelivery(intakeId, system));
      return intakeView(await guarded(() => waitForDeliveries(ctx.intakes.store, intakeId, ctx.intakes.waitMs, ctx.intakes.pollMs)));
    },
  },
};
