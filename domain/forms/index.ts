/**
 * The 11 forms: their types in the departments' order, their declarations (./templates.ts), and
 * the one way a form's content is made from them (`fillForm`) and laid out as columns
 * (`formColumns`). Deliveries, masking, exports and pages read these; none declares a field of
 * its own.
 */
import type { FieldValue, RecordFacts, ReportedChange } from './fields';
import type { FormType } from './formTypes';
import { TEMPLATES, type FormTemplate } from './templates';

export type { FieldType, FieldValue, FormField, FormFieldOrigin, FieldMask, ReportedChange } from './fields';
export type { FormTemplate } from './templates';

export { FORM_TYPES, type FormType } from './formTypes';

/** Every form type's declaration; a type without one, or one without a type, does not compile. */
export const FORMS: Readonly<Record<FormType, FormTemplate>> = TEMPLATES satisfies Record<FormType, FormTemplate>;

/** What a department's record adds to a form of `T`: one value per field the template fills from the record, typed by the field. */
export type FormFacts<T extends FormType> = RecordFacts<(typeof TEMPLATES)[T]['fields']>;

/** A form's content: every declared field of its template, in the template's order. */
export type FormPayload = Record<string, FieldValue>;

/**
 * The content of a form of `type`: each declared field, filled from the report or from the
 * department's facts, in the template's order. A fact the template does not declare is not on
 * the form.
 */
export function fillForm<T extends FormType>(type: T, report: ReportedChange, facts: FormFacts<T>): FormPayload {
  const given = new Map<string, unknown>(Object.entries(facts));
  const payload: FormPayload = {};
  for (const [name, field] of Object.entries(FORMS[type].fields)) {
    payload[name] = field.source === 'report' ? field.fill(report) : valueOf(given.get(name));
  }
  return payload;
}

const valueOf = (value: unknown): FieldValue => (typeof value === 'number' || typeof value === 'string' ? value : null);

/** The names of a form's fields, in the template's order: the columns of its sheet in a download. */
export const formColumns = (type: FormType): string[] => Object.keys(FORMS[type].fields);

/** The field of a form of `type` named `name`, when its template declares one. */
export const declaredField = (type: FormType, name: string) => (Object.hasOwn(FORMS[type].fields, name) ? FORMS[type].fields[name] : undefined);
