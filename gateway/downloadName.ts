/**
 * The name a form download is saved under: whose forms and which period, so a clerk's folder of
 * monthly returns sorts and reads by itself ("民政部门-表单-2026-03-01至2026-03-31.xlsx"). Sent as
 * RFC 6266 Content-Disposition with the Chinese name in RFC 5987 `filename*` and an ASCII
 * fallback for clients that read only `filename`.
 */
import { DEPARTMENT_LABELS } from '../domain/forms/labels';
import { PeriodInput, resolvePeriod, type DateRange } from '../domain/period';
import type { Caller } from '../platform/auth/caller';

/** The reader's words for whose forms these are, in Chinese and in ASCII. */
function ownerOf(caller: Caller): { chinese: string; ascii: string } {
  if (caller.role === 'community') return { chinese: `社区${caller.community ?? ''}`, ascii: `community-${caller.community ?? ''}` };
  if (caller.role === 'supervision') return { chinese: '监督部门', ascii: 'supervision' };
  const chinese = (DEPARTMENT_LABELS as Record<string, string>)[caller.role] ?? caller.role;
  return { chinese, ascii: caller.role.replace(/[^A-Za-z0-9-]/g, '') };
}

/** The period's days, from the request's query as the graph read it; null when it does not parse (the graph refused it first). */
export function periodOf(query: { preset?: string; from?: string; to?: string }, now = new Date()): DateRange | null {
  const parsed = PeriodInput.safeParse(query.preset ? { preset: query.preset } : { from: query.from, to: query.to });
  return parsed.success ? resolvePeriod(parsed.data, now) : null;
}

/** What else the download was narrowed to: two downloads of one period that hold different forms must not share a name. */
export interface DownloadFilter {
  /** REPORTED: listed by the day each form was made, not the effective date. */
  by?: string | null;
  /** One community's reports only (a 12-digit code; anything else the graph refused first). */
  community?: string | null;
}

export function downloadNames(caller: Caller, period: DateRange | null, extension: 'xlsx' | 'csv', filter: DownloadFilter = {}): { chinese: string; ascii: string } {
  const owner = ownerOf(caller);
  const days = period ? `${period.from}至${period.to}` : '';
  const asciiDays = period ? `${period.from}_${period.to}` : '';
  const community = caller.role !== 'community' && filter.community && /^\d{12}$/.test(filter.community) ? filter.community : null;
  const byReported = filter.by === 'REPORTED';
  return {
    chinese: [owner.chinese, community && `社区${community}`, '表单', byReported && '按上报日期', days].filter(Boolean).join('-') + `.${extension}`,
    ascii: ['forms', owner.ascii, community && `community-${community}`, byReported && 'by-reported', asciiDays].filter(Boolean).join('-') + `.${extension}`,
  };
}

/** RFC 5987 value-chars: what encodeURIComponent leaves, less the few it leaves that RFC 5987 does not allow. */
const rfc5987 = (text: string) => encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function contentDisposition(names: { chinese: string; ascii: string }): string {
  return `attachment; filename="${names.ascii.replace(/["\\]/g, '')}"; filename*=UTF-8''${rfc5987(names.chinese)}`;
}
