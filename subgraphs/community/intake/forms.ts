/**
 * Query.forms: the caller's department's forms (supervision every department's) of a period, by
 * the change's effective date or by the date the form was made (a late report about last month
 * shows in this month's "reported" list), optionally of one community's reports. A community
 * worker reads their own community's only, and is told so when asking for another.
 */
import type { DateRange } from '../../../domain/period';
import type { FormType } from '../../../domain/forms';
import { FormsQueryOptions } from '../../../domain/formsQuery';
import type { Department } from '../../../domain/systems';
import { toFieldProblems } from '../../../domain/validation';
import { isServiceRole, type Caller } from '../../../platform/auth/caller';
import { errors } from '../../../platform/errors';
import type { Form } from '../../../platform/intake/types';
import { guarded } from './guarded';
import type { IntakeContext } from './resolvers';
import { formView } from './views';

export interface FormsArgs {
  period: unknown;
  type?: FormType | null;
  by?: unknown;
  community?: unknown;
}

/** The departments whose forms a caller reads; supervision reads every department's, a service none. */
function departmentsOf(caller: Caller): Department[] {
  if (caller.role === 'supervision') return ['community', 'civil-affairs', 'hrss', 'health'];
  return isServiceRole(caller.role) ? [] : [caller.role];
}

/** The community whose reports' forms are listed: the one asked for, a community worker's own (never another). */
function communityOf(caller: Caller, asked: string | undefined): string | undefined {
  if (caller.role !== 'community') return asked;
  if (asked && asked !== caller.community) throw errors.forbidden('a community worker lists only their own community’s forms; leave out community or give your own community code');
  return caller.community;
}

/** The effective dates the listed forms' reports span: their intakes are read for the community filter and the audit. */
function effectiveSpan(forms: readonly Form[]): DateRange | null {
  if (forms.length === 0) return null;
  const dates = forms.map((f) => f.effectiveDate).sort();
  return { from: dates[0], to: dates[dates.length - 1] };
}

export async function listForms(args: FormsArgs, ctx: IntakeContext, range: DateRange) {
  if (!ctx.caller) throw errors.forbidden('requests come through the gateway with an authenticated caller');
  const caller = ctx.caller;
  const parsed = FormsQueryOptions.safeParse({ by: args.by, community: args.community });
  if (!parsed.success) throw errors.badUserInput(toFieldProblems(parsed.error));
  const { by } = parsed.data;
  const community = communityOf(caller, parsed.data.community);
  const lists = await guarded(() => Promise.all(departmentsOf(caller).map((d) => ctx.intakes.store.listForms(range, d, args.type ?? undefined, by))));
  const forms = lists.flat();
  const span = by === 'EFFECTIVE' ? range : effectiveSpan(forms);
  const intakes = span ? await guarded(() => ctx.intakes.store.listIntakes(span, community)) : [];
  // Whose report each form is of: the audit records the resident whose form's content is read.
  const residentOf = new Map(intakes.map((i) => [i.id, i.change.idNumber]));
  const order = by === 'EFFECTIVE' ? (a: Form, b: Form) => a.effectiveDate.localeCompare(b.effectiveDate) || a.createdAt.localeCompare(b.createdAt) : (a: Form, b: Form) => a.createdAt.localeCompare(b.createdAt);
  return forms
    // One community's reports only: a community worker's own, or the community asked for.
    .filter((f) => !community || residentOf.has(f.intakeId))
    .sort(order)
    .map((f) => formView(f, residentOf.get(f.intakeId) ?? null));
}
