/**
 * How a form's content is laid out wherever it is shown, from its template's declaration: the
 * graph's `fields { name value }` and the downloads' columns follow the template's field order.
 */
import { FORM_TYPES, FORMS, formColumns, type FormType } from './index';

export interface NamedValue {
  name: string;
  value: string | null;
}

/**
 * A stored form's content as the graph gives it: the template's fields in its order, then any
 * field the template does not declare (a form stored before its template changed; only its
 * department reads those), each value as text.
 */
export function fieldList(type: FormType, payload: Readonly<Record<string, unknown>>): NamedValue[] {
  const declared = Object.keys(FORMS[type].fields);
  const names = [...declared.filter((n) => Object.hasOwn(payload, n)), ...Object.keys(payload).filter((n) => !declared.includes(n))];
  return names.map((name) => ({ name, value: textOf(payload[name]) }));
}

const textOf = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/**
 * The field columns of a download of `forms`: the templates' fields, by form number and each in
 * its template's order, then any field no template declares; only those some form gives the
 * reader (a field withheld from the reader is no empty column, which would read as "empty on the form").
 */
export function exportColumns(forms: ReadonlyArray<{ type: FormType; fields: readonly NamedValue[] }>): string[] {
  const given = new Set(forms.flatMap((f) => f.fields.map((x) => x.name)));
  const declared = FORM_TYPES.filter((t) => forms.some((f) => f.type === t)).flatMap(formColumns);
  return [...new Set([...declared, ...given])].filter((name) => given.has(name));
}
