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
