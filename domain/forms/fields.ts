/**
 * How a form's field is declared: its Chinese title, what kind of value it holds, where its value
 * comes from (the report, or the department's record) and which field of the graph it carries for
 * permissions. Every form template (./templates.ts) is a list of these, written once; deliveries,
 * the graph's masking, the exports and the pages all read it.
 */
import type { PopulationChange } from '../populationChange';

/**
 * What a field holds: free text, a date (YYYY-MM-DD), a moment (ISO timestamp), an amount of
 * yuan or a count (numbers), or a code (an identifier or an enum value, shown as it is).
 */
export type FieldType = 'text' | 'date' | 'datetime' | 'amount' | 'count' | 'code';

/** The value a form carries for a field: amounts and counts are numbers, everything else text; null when the source has none. */
export type FieldValue<T extends FieldType = FieldType> = (T extends 'amount' | 'count' ? number : string) | null;

/**
 * The graph field (`Type.field`, as the permission matrix names it) a form field's value comes
 * from, so the form's content is read under that field's rule (platform/auth/formFieldAccess.ts);
 * `department`: the owning department's own record (its internal ids), read by it alone.
 */
export type FormFieldOrigin = `Resident.${string}` | `PopulationChange.${string}` | 'department';

/** Where ID numbers are masked: the whole number (first 6 and last 4 kept), or a birth date kept to its year (it is the ID number's middle). */
export type FieldMask = 'idNumber' | 'birthYear';

/** The report as a form needs it: the validated change, who reported it and when. */
export interface ReportedChange {
  change: PopulationChange;
  reportedBy: string;
  /** ISO timestamp of the report. */
  reportedAt: string;
}

interface FieldBase<T extends FieldType> {
  /** The field's title on the department's template (the pages show it; the wire and the exports use the field's name). */
  title: string;
  type: T;
  from: FormFieldOrigin;
  mask?: FieldMask;
}

/** A field filled from the report itself. */
export interface ReportedField<T extends FieldType = FieldType> extends FieldBase<T> {
  source: 'report';
  fill: (report: ReportedChange) => FieldValue<T>;
}

/** A field filled from the department's record: its delivery supplies the value under the field's name. */
export interface RecordedField<T extends FieldType = FieldType> extends FieldBase<T> {
  source: 'record';
}

export type FormField<T extends FieldType = FieldType> = ReportedField<T> | RecordedField<T>;

const masking = (mask?: FieldMask) => (mask ? { mask } : {});

/** A field the report fills. */
export const reported = <T extends FieldType>(title: string, type: T, from: FormFieldOrigin, fill: (report: ReportedChange) => FieldValue<T>, mask?: FieldMask): ReportedField<T> => ({
  title,
  type,
  from,
  source: 'report',
  fill,
  ...masking(mask),
});

/** A field the department's record fills. */
export const recorded = <T extends FieldType>(title: string, type: T, from: FormFieldOrigin, mask?: FieldMask): RecordedField<T> => ({ title, type, from, source: 'record', ...masking(mask) });

/** The names of the fields of `F` a department's record fills, each with the value its type holds: what a delivery must supply for the form. */
export type RecordFacts<F extends Readonly<Record<string, FormField>>> = {
  [K in keyof F as F[K] extends RecordedField ? K : never]: F[K] extends RecordedField<infer T> ? FieldValue<T> : never;
};
