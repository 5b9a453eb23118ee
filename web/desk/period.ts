/**
 * The period a clerk picks (a preset, or from and to dates), checked with the server's own
 * schema (domain/period.ts) and written both as the graph's PeriodInput and as the export's
 * query string.
 */
import { PeriodInput, resolvePeriod } from '../../domain/period';
import { toFieldProblems } from '../../domain/validation';
import { fieldMessages, type FieldMessage } from '../shared/messages';
import { PERIOD_PRESET_LABELS } from '../shared/labels';

export type ChosenPeriod = { ok: true; input: { preset?: string; from?: string; to?: string }; label: string } | { ok: false; problems: FieldMessage[] };

export function readPeriod(form: HTMLFormElement): ChosenPeriod {
  const preset = (form.querySelector('input[name="preset"]:checked') as HTMLInputElement | null)?.value ?? 'THIS_MONTH';
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value || undefined;
  const input = preset === 'DATES' ? { from: value('from'), to: value('to') } : { preset };
  const parsed = PeriodInput.safeParse(input);
  if (!parsed.success) return { ok: false, problems: fieldMessages(toFieldProblems(parsed.error, ['period'])) };
  const range = resolvePeriod(parsed.data);
  const name = preset === 'DATES' ? '指定日期' : PERIOD_PRESET_LABELS[preset];
  return { ok: true, input, label: `${name}：${range.from} 至 ${range.to}` };
}

/** The export's query string: the period, and the type, date kind (by) and community when chosen. */
export function exportQuery(input: { preset?: string; from?: string; to?: string }, type: string, more: { by?: string; community?: string } = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(input)) if (v) q.set(k, v);
  if (type) q.set('type', type);
  if (more.by && more.by !== 'EFFECTIVE') q.set('by', more.by);
  if (more.community) q.set('community', more.community);
  return q.toString();
}
