/**
 * What a department may ask of its forms list besides the period: which date files a form in a
 * period (the change's effective date, or the date the form was made: a report filed late about
 * last month's death is made this month), and one community's reports only.
 */
// Rules (validation.ts): a malformed code is 'format', an unknown date kind 'oneOf'.
import { z } from 'zod';

export const FORM_DATES = ['EFFECTIVE', 'REPORTED'] as const;
export type FormDate = (typeof FORM_DATES)[number];

export const CommunityCode = z.string().regex(/^\d{12}$/, { message: 'must be a 12-digit community code' });

export const FormsQueryOptions = z.object({
  by: z.enum(FORM_DATES, { message: `must be one of ${FORM_DATES.join(', ')}` }).nullish().transform((by) => by ?? 'EFFECTIVE'),
  community: CommunityCode.nullish().transform((c) => c ?? undefined),
});
export type FormsQueryOptions = z.output<typeof FormsQueryOptions>;

/** Clocks differ a little between a desk and the server; an acknowledgement further ahead would hide forms not yet made. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** acknowledgeForms(upTo): an ISO timestamp with a zone, normalised to UTC (the stores compare it as text), not in the future. */
export function acknowledgeInput(now: Date) {
  return z.object({
    upTo: z.iso
      .datetime({ offset: true, message: 'must be an ISO timestamp with a time zone, e.g. 2026-12-07T09:30:00+08:00' })
      .transform((t) => new Date(t).toISOString())
      .refine((t) => Date.parse(t) <= now.getTime() + CLOCK_SKEW_MS, { params: { rule: 'notFuture' }, message: 'must not be in the future: give the time of the newest form the desk showed' }),
  });
}

export const MAX_FORMS_MARKED = 500;

/** markFormsHandled(formIds, handled): form ids as Query.forms gives them (intake id + ':' + form type). */
export const MarkHandledInput = z.object({
  formIds: z
    .array(z.string().regex(/^int_[A-Za-z0-9_-]{22}:[A-Z_]+$/, { message: 'must be form ids as Query.forms lists them' }))
    .min(1, { message: 'must name at least one form' })
    .max(MAX_FORMS_MARKED, { message: `must name at most ${MAX_FORMS_MARKED} forms at once` }),
  handled: z.boolean({ message: 'must be true or false' }),
});
