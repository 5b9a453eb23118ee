/**
 * The desk's marks on forms: "new since last time" (acknowledgeForms, Form.isNew) and "handled"
 * (markFormsHandled, Form.handledAt/handledBy). A department acknowledges and handles its own
 * forms; community workers do so for their own community's reports (their mark is the
 * community's, not every community's). Supervision reads the marks and never sets them.
 */
import { FORMS, FORM_TYPES, type FormType } from '../../../domain/forms';
import { acknowledgeInput, MarkHandledInput } from '../../../domain/formsQuery';
import { toFieldProblems } from '../../../domain/validation';
import { isServiceRole, type Caller } from '../../../platform/auth/caller';
import { errors } from '../../../platform/errors';
import type { Form } from '../../../platform/intake/types';
import { guarded } from './guarded';
import type { IntakeContext } from './intakeContext';

/** Whose acknowledgement a form's newness is measured against: its department's, or its report's community's. */
export function markScopeOf(form: Pick<Form, 'department'>, community: string | undefined): string {
  return form.department === 'community' ? `community:${community ?? ''}` : form.department;
}

/** The scope the caller acknowledges for: their department, a community worker their community; supervision and services none. */
function ownScope(caller: Caller): string {
  if (caller.role === 'supervision' || isServiceRole(caller.role)) throw errors.forbidden('only a department acknowledges its own forms; supervision reads the marks and never sets them');
  return caller.role === 'community' ? `community:${caller.community}` : caller.role;
}

/** Records that the caller's department has seen its forms made up to `upTo`; resolves to the mark now recorded (never earlier than before). */
export async function acknowledgeFor(caller: Caller, upTo: unknown, ctx: IntakeContext): Promise<string> {
  const scope = ownScope(caller);
  const parsed = acknowledgeInput(ctx.intakes.now?.() ?? new Date()).safeParse({ upTo });
  if (!parsed.success) throw errors.badUserInput(toFieldProblems(parsed.error));
  return guarded(() => ctx.intakes.store.acknowledgeForms(scope, parsed.data.upTo));
}

/** Up to when the caller's department (community worker: community) has seen its forms; null: never acknowledged. */
export async function acknowledgedBy(caller: Caller, ctx: IntakeContext): Promise<string | null> {
  // Supervision reads the desk's list with the departments' query, and has no mark of its own.
  if (caller.role === 'supervision') return null;
  const scope = ownScope(caller);
  return (await guarded(() => ctx.intakes.store.acknowledgedUpTo([scope]))).get(scope) ?? null;
}

function typeOf(formId: string): FormType | undefined {
  const type = formId.slice(formId.indexOf(':') + 1);
  return (FORM_TYPES as readonly string[]).includes(type) ? (type as FormType) : undefined;
}

export async function markHandled(args: { formIds: unknown; handled: unknown }, ctx: IntakeContext): Promise<string[]> {
  if (!ctx.caller) throw errors.forbidden('requests come through the gateway with an authenticated caller');
  const caller = ctx.caller;
  ownScope(caller);
  const parsed = MarkHandledInput.safeParse(args);
  if (!parsed.success) throw errors.badUserInput(toFieldProblems(parsed.error));
  const ids = [...new Set(parsed.data.formIds)];
  for (const id of ids) {
    const type = typeOf(id);
    if (!type) throw errors.badUserInput([{ path: ['formIds'], rule: 'format', message: 'must be form ids as Query.forms lists them' }]);
    if (FORMS[type].department !== caller.role) throw errors.forbidden('a department marks only its own forms handled');
  }
  // Each form must exist, and a community worker's be of their own community's reports.
  const intakeIds = [...new Set(ids.map((id) => id.slice(0, id.indexOf(':'))))];
  const views = await guarded(() => Promise.all(intakeIds.map((id) => ctx.intakes.store.getIntake(id))));
  const stored = new Set(views.flatMap((v) => (v && (caller.role !== 'community' || v.intake.change.community === caller.community) ? v.forms.map((f) => f.id) : [])));
  const missing = ids.filter((id) => !stored.has(id));
  if (missing.length > 0) throw errors.notFound(`${missing.length === 1 ? 'One form' : `${missing.length} forms`} of your department`);
  await guarded(() => ctx.intakes.store.markFormsHandled(ids, parsed.data.handled ? { at: new Date().toISOString(), by: caller.subject } : null));
  return ids;
}
