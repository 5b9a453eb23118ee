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
import type { IntakeContext } from './intakeContext';
import { markScopeOf } from './formMarks';
import { formView, type FormMarkView } from './views';

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
  const changeOf = new Map(intakes.map((i) => [i.id, i.change]));
  const withdrawn = new Set(intakes.filter((i) => i.withdrawal).map((i) => i.id));
  const order = by === 'EFFECTIVE' ? (a: Form, b: Form) => a.effectiveDate.localeCompare(b.effectiveDate) || a.createdAt.localeCompare(b.createdAt) : (a: Form, b: Form) => a.createdAt.localeCompare(b.createdAt);
  // One community's reports only: a community worker's own, or the community asked for.
  const listed = forms.filter((f) => !community || changeOf.has(f.intakeId)).sort(order);
  const marks = await marksOf(listed, (f) => changeOf.get(f.intakeId)?.community, ctx);
  return listed.map((f) => {
    const change = changeOf.get(f.intakeId);
    return formView(f, change?.idNumber ?? null, change?.community, marks(f), withdrawn.has(f.intakeId));
  });
}

type MarkedForm = Pick<Form, 'id' | 'department' | 'createdAt'>;

/** Each form's newness (made after its department's or community's acknowledgement) and handling, read in two calls for the whole list. */
export async function marksOf<F extends MarkedForm>(forms: readonly F[], communityOf: (f: F) => string | undefined, ctx: IntakeContext): Promise<(f: F) => FormMarkView> {
  const scopeOf = (f: F) => markScopeOf(f, communityOf(f));
  const [acknowledged, handling] = await guarded(() =>
    Promise.all([ctx.intakes.store.acknowledgedUpTo([...new Set(forms.map(scopeOf))]), ctx.intakes.store.formHandling(forms.map((f) => f.id))]),
  );
  return (f) => {
    const upTo = acknowledged.get(scopeOf(f));
    const handled = handling.get(f.id);
    return { isNew: upTo === undefined || f.createdAt > upTo, handledAt: handled?.at ?? null, handledBy: handled?.by ?? null };
  };
}

type FormViewed = ReturnType<typeof formView>;

/** A form read outside the list (Intake.forms): its marks are read for it alone. */
async function markOf(form: FormViewed, ctx: IntakeContext): Promise<FormMarkView> {
  if (form.isNew !== undefined) return { isNew: form.isNew, handledAt: form.handledAt ?? null, handledBy: form.handledBy ?? null };
  return (await marksOf([form], () => form.community, ctx))(form);
}

export const formMarkResolvers = {
  isNew: async (form: FormViewed, _args: unknown, ctx: IntakeContext) => (await markOf(form, ctx)).isNew,
  handledAt: async (form: FormViewed, _args: unknown, ctx: IntakeContext) => (await markOf(form, ctx)).handledAt,
  handledBy: async (form: FormViewed, _args: unknown, ctx: IntakeContext) => (await markOf(form, ctx)).handledBy,
};
