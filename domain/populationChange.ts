/**
 * The one input a community worker sends when a resident died or moved away. The same schema
 * validates on the server and in the front-end. Rules that need a system (the community exists,
 * the resident is registered there) are checked by the community subgraph after this passes.
 * Every rule has a stable code (params.rule) that errors carry and front-ends translate.
 */
import { z } from 'zod';
import { birthDateOf, ID_NUMBER_RULE_MESSAGES, idNumberProblem } from './idNumber';
import { IsoDate, shanghaiToday } from './period';
import { MAX_REPORT_AGE_YEARS } from './reportLimits';
import { CHANGE_KINDS } from './rules';

export { MAX_REPORT_AGE_YEARS } from './reportLimits';

const rule = (name: string, message: string) => ({ params: { rule: name }, message });
const text = (max: number) => z.string().trim().min(1, rule('required', 'is required')).max(max, rule('maxLength', `must be at most ${max} characters`));

/**
 * Characters no free text of a report may hold: C0 and C1 controls (a bell, an escape sequence
 * for a terminal) and the invisible marks that reorder how text is shown (bidi embeddings,
 * overrides and isolates U+202A-U+202E, U+2066-U+2069; the marks U+200E, U+200F, U+061C), which
 * can make a stored place or destination read differently in a form, a log or a spreadsheet.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** Free text of `max` characters at most, without control or bidi characters (report details, a rejection's reason). */
export const freeText = (max: number) =>
  text(max).refine((v) => !CONTROL_CHARACTERS.test(v), rule('controlCharacters', 'must not contain control characters or bidirectional-text controls'));

export const IdNumber = z.string().superRefine((id, ctx) => {
  const problem = idNumberProblem(id.toUpperCase(), shanghaiToday());
  if (problem) ctx.addIssue({ code: 'custom', params: { rule: problem }, message: ID_NUMBER_RULE_MESSAGES[problem] });
});

export const DeathDetails = z.strictObject({
  /** Where the death happened (hospital, home address…). */
  place: freeText(100),
  /** Medical certificate of death number, where known. */
  certificateNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,40}$/, rule('format', 'must be 4-40 letters, digits or hyphens'))
    .nullish(),
});

export const MoveDetails = z.strictObject({
  /** Where the resident moved to. */
  destination: freeText(200),
  /** Six-digit administrative division code of the destination, where known. */
  destinationDivisionCode: z.string().regex(/^\d{6}$/, rule('format', 'must be a six-digit division code')).nullish(),
});

export const PopulationChangeInput = z
  .strictObject({
    idempotencyKey: z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, rule('format', 'must be 8-128 letters, digits or _ . : -')),
    kind: z.enum(CHANGE_KINDS, rule('oneOf', `must be one of ${CHANGE_KINDS.join(', ')}`)),
    idNumber: IdNumber,
    name: text(50).pipe(z.string().regex(/^[\p{Script=Han}A-Za-z·• .'-]+$/u, rule('format', 'may contain only letters, Chinese characters, spaces, middle dots, hyphens and apostrophes'))),
    effectiveDate: IsoDate,
    community: z.string().regex(/^\d{12}$/, rule('format', 'must be a 12-digit community code')),
    death: DeathDetails.nullish(),
    move: MoveDetails.nullish(),
  })
  .superRefine((input, ctx) => {
    const today = shanghaiToday();
    if (/^\d{4}-\d{2}-\d{2}$/.test(input.effectiveDate)) {
      if (input.effectiveDate > today) ctx.addIssue({ code: 'custom', path: ['effectiveDate'], ...rule('notInFuture', 'must not be in the future (Asia/Shanghai)') });
      const oldest = `${Number(today.slice(0, 4)) - MAX_REPORT_AGE_YEARS}${today.slice(4)}`;
      if (input.effectiveDate < oldest) ctx.addIssue({ code: 'custom', path: ['effectiveDate'], ...rule('tooOld', `must be within the last ${MAX_REPORT_AGE_YEARS} years`) });
      if (idNumberProblem(input.idNumber.toUpperCase()) === null && input.effectiveDate < birthDateOf(input.idNumber)) {
        ctx.addIssue({ code: 'custom', path: ['effectiveDate'], ...rule('beforeBirth', 'must not be before the birth date in the ID number') });
      }
    }
    if (input.kind === 'DEATH') {
      if (!input.death) ctx.addIssue({ code: 'custom', path: ['death'], ...rule('required', 'is required for a death') });
      if (input.move) ctx.addIssue({ code: 'custom', path: ['move'], ...rule('notForKind', 'must be empty for a death') });
    } else if (input.kind === 'MOVED_OUT') {
      if (!input.move) ctx.addIssue({ code: 'custom', path: ['move'], ...rule('required', 'is required for a move') });
      if (input.death) ctx.addIssue({ code: 'custom', path: ['death'], ...rule('notForKind', 'must be empty for a move') });
    }
  })
  .transform((input) => ({ ...input, idNumber: input.idNumber.toUpperCase(), death: input.death ?? null, move: input.move ?? null }));

export type PopulationChangeInput = z.input<typeof PopulationChangeInput>;
export type PopulationChange = z.output<typeof PopulationChangeInput>;
