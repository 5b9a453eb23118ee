/**
 * Reporting periods as the departments ask for them ("this quarter", "year to date", or dates),
 * resolved to inclusive date ranges in Asia/Shanghai time (UTC+8 all year: no daylight saving).
 */
import { z } from 'zod';
import { shanghaiToday } from './calendar';
import { isRealDate } from './idNumber';

// The calendar itself has no schema in it, so pages can use it without loading the validation library.
export { shanghaiDayStart, shanghaiToday } from './calendar';

export const PERIOD_PRESETS = ['THIS_MONTH', 'LAST_MONTH', 'THIS_QUARTER', 'LAST_QUARTER', 'YEAR_TO_DATE'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];


export const IsoDate = z
  .string()
  .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d), { params: { rule: 'format' }, message: 'must be a date written YYYY-MM-DD', abort: true })
  .refine((d) => isRealDate(d.replace(/-/g, '')), { params: { rule: 'realDate' }, message: 'must be a day that exists in the calendar' });

export const PeriodInput = z
  .object({
    preset: z.enum(PERIOD_PRESETS).nullish(),
    from: IsoDate.nullish(),
    to: IsoDate.nullish(),
  })
  .superRefine((p, ctx) => {
    const dates = p.from != null || p.to != null;
    if (p.preset && dates) ctx.addIssue({ code: 'custom', path: ['preset'], params: { rule: 'presetOrDates' }, message: 'give either a preset or from/to dates, not both' });
    else if (!p.preset && (p.from == null || p.to == null)) ctx.addIssue({ code: 'custom', path: [p.from == null ? 'from' : 'to'], params: { rule: 'required' }, message: 'is required when no preset is given (or give a preset)' });
    else if (p.from && p.to && p.from > p.to) ctx.addIssue({ code: 'custom', path: ['to'], params: { rule: 'order' }, message: 'must not be before from' });
  });
export type PeriodInput = z.input<typeof PeriodInput>;

export interface DateRange {
  /** First day, inclusive (YYYY-MM-DD). */
  from: string;
  /** Last day, inclusive (YYYY-MM-DD). */
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m is 1-based

function monthRange(y: number, m: number): DateRange {
  return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDayOf(y, m))}` };
}
function quarterRange(y: number, q: number): DateRange {
  const first = (q - 1) * 3 + 1;
  return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(first + 2)}-${pad(lastDayOf(y, first + 2))}` };
}

/** The inclusive date range of a period, taking "now" in Asia/Shanghai. Input must be valid. */
export function resolvePeriod(input: z.output<typeof PeriodInput>, now: Date = new Date()): DateRange {
  if (!input.preset) return { from: input.from!, to: input.to! };
  const today = shanghaiToday(now);
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const q = Math.ceil(m / 3);
  switch (input.preset) {
    case 'THIS_MONTH':
      return monthRange(y, m);
    case 'LAST_MONTH':
      return m === 1 ? monthRange(y - 1, 12) : monthRange(y, m - 1);
    case 'THIS_QUARTER':
      return quarterRange(y, q);
    case 'LAST_QUARTER':
      return q === 1 ? quarterRange(y - 1, 4) : quarterRange(y, q - 1);
    case 'YEAR_TO_DATE':
      return { from: `${y}-01-01`, to: today };
  }
}

/** True when a YYYY-MM-DD date lies in the range. */
export function inRange(date: string, range: DateRange): boolean {
  return date >= range.from && date <= range.to;
}
