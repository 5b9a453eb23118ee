/**
 * How a form reads to a clerk: Chinese words for the codes a form carries (死亡/迁出, 男/女, the
 * departments' names), times in Beijing time, and each field's title. One table, read by the
 * downloads (gateway/formSheets.ts), the desk and the printable form (web/desk), and the pages'
 * label table (web/shared/labels.ts re-exports it), so a clerk sees the same word everywhere.
 */
import type { Department } from '../systems';
import { declaredField, FORM_TYPES, type FieldType, type FormType } from './index';

export const KIND_LABELS: Record<string, string> = { DEATH: '死亡', MOVED_OUT: '迁出' };

export const SEX_LABELS: Record<string, string> = { M: '男', F: '女' };

export const DEPARTMENT_LABELS: Record<Department, string> = {
  community: '社区',
  'civil-affairs': '民政部门',
  hrss: '人力资源和社会保障部门',
  health: '卫生健康部门',
  'public-security': '公安部门',
};

/** The pension a funeral grant or a stopped pension is reckoned from (domain/residents.ts PensionKind). */
export const PENSION_KIND_LABELS: Record<string, string> = { EMPLOYEE_RETIREMENT: '职工基本养老保险', URBAN_RURAL_RESIDENT: '城乡居民基本养老保险' };

/** The disability subsidy a form stops (domain/residents.ts DisabilityCategory). */
export const DISABILITY_CATEGORY_LABELS: Record<string, string> = { LIVING: '困难残疾人生活补贴', NURSING: '重度残疾人护理补贴', BOTH: '生活补贴和护理补贴' };

/** The field names whose code values are words on paper forms. */
const CODE_WORDS: Record<string, Record<string, string>> = { changeKind: KIND_LABELS, sex: SEX_LABELS, pensionKind: PENSION_KIND_LABELS, category: DISABILITY_CATEGORY_LABELS };

const BEIJING = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * An ISO timestamp as `YYYY-MM-DD HH:mm` in Beijing time, whatever the machine's zone; text that
 * is no timestamp comes back as it is (a form stored before its field became a moment).
 */
export function beijingTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const part = Object.fromEntries(BEIJING.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

/** The type a form's field holds, from its template; a field no template declares is text. */
export function fieldTypeOf(type: FormType | undefined, name: string): FieldType {
  const field = type ? declaredField(type, name) : FORM_TYPES.map((t) => declaredField(t, name)).find(Boolean);
  return field?.type ?? 'text';
}

/** A field's title on its form's template (or the first template declaring it); an undeclared field under its own name. */
export function fieldTitle(type: FormType | undefined, name: string): string {
  const field = type ? declaredField(type, name) : FORM_TYPES.map((t) => declaredField(t, name)).find(Boolean);
  return field?.title ?? name;
}

/** A field's value as the paper form shows it: codes in words, moments in Beijing time, the rest as stored. */
export function shownValue(type: FormType | undefined, name: string, value: string | null): string {
  if (value === null) return '';
  const words = CODE_WORDS[name];
  if (words) return words[value] ?? value;
  return fieldTypeOf(type, name) === 'datetime' ? beijingTime(value) : value;
}
