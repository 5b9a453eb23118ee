/**
 * Who reads which field of a form: the one place the rule lives (the matrix's `Form.fields` row
 * and each field's origin, `from`, in its template's declaration, domain/forms/templates.ts). A form's content follows the rule of the
 * fields it carries:
 *   - the form's own department reads its form whole (its template, from its own record);
 *   - supervision reads every form, ID numbers masked and birth dates kept to the year;
 *   - a community worker (the resolvers give them the forms of their own community's reports,
 *     every department's) reads each field only as the matrix lets the community role read the
 *     field it comes from: another department's amounts, case numbers and patient ids are left out;
 *   - anyone else (a department on another department's form) is refused the content.
 * Fields left out are absent from the list, not null: a null value would read as "empty on the form".
 */
import { maskIdNumber } from '../../domain/idNumber';
import type { Department } from '../../domain/systems';
import { declaredField, type FieldMask, type FormFieldOrigin, type FormType } from '../../domain/forms';
import { errors } from '../errors';
import type { CallerRole } from './caller';
import { MATRIX, TYPE_ACCESS, matrixRow, type Access } from './permissions';

export interface FormField {
  name: string;
  value: string | null;
}

export interface FormContent {
  type: FormType;
  department: Department;
  fields: FormField[];
}

/** How `role` may read the graph field a form field comes from: its matrix cell, else its type's roles. */
export function originAccess(role: CallerRole, origin: FormFieldOrigin, department: Department): Access {
  if (origin === 'department') return role === department ? 'full' : 'none';
  const row = MATRIX.find((r) => r.field === origin);
  if (row) return row.access[role];
  return TYPE_ACCESS[origin.split('.')[0]]?.includes(role) ? 'full' : 'none';
}

function masked(value: string | null, mask: FieldMask | undefined): string | null {
  if (!value || !mask) return value;
  return mask === 'idNumber' ? maskIdNumber(value) : `${value.slice(0, 4)}-**-**`;
}

/** The fields of `form` that `role` may read, masked where the matrix masks; FORBIDDEN when it may read none of the form. */
export function readableFormFields(form: FormContent, role: CallerRole): FormField[] {
  if (role === form.department) return form.fields;
  const cell = matrixRow('Form.fields').access[role];
  // Community workers: every department's forms of their own community's reports (scoped by the resolvers), field by field.
  const byField = cell === 'own' && role === 'community';
  if (cell !== 'masked' && !byField) {
    throw errors.forbidden(`the ${role} role reads its own department's forms only; this one is ${form.department}'s`);
  }
  return form.fields.flatMap((field) => {
    const source = declaredField(form.type, field.name);
    // A field nobody declared is its department's alone.
    if (!source) return [];
    const access = cell === 'masked' ? 'masked' : originAccess(role, source.from, form.department);
    // Masked for this role, but no masked form of the value is declared: left out rather than shown whole.
    if (access === 'none' || (access === 'masked' && byField && !source.mask)) return [];
    return [access === 'masked' ? { ...field, value: masked(field.value, source.mask) } : field];
  });
}
