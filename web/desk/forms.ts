/** A department's forms for a period, as cards a clerk can open to read every field, or open as the paper form to print. */
import { beijingTime, fieldTitle, shownValue } from '../../domain/forms/labels';
import { shanghaiToday } from '../../domain/calendar';
import { h } from '../shared/dom';
import type { FormRow } from '../../contract/pageOperations';
import { DEPARTMENT_LABELS } from '../shared/labels';

/** A field's value in the form's words (死亡, 女, Beijing time); an empty one as a dash. */
const shown = (f: FormRow, name: string, value: string | null) => shownValue(f.type, name, value) || '—';

/** What a clerk may do to a form besides reading it: mark it handled (a department; supervision only reads). */
export interface FormActions {
  onPrint: (form: FormRow) => void;
  /** Absent: the handled mark is shown, not changed. */
  onHandled?: (form: FormRow, handled: boolean) => void;
}

/** A form's handled mark: a checkbox for its department, the words for supervision. */
function handledControl(f: FormRow, actions: FormActions): HTMLElement {
  const when = f.handledAt ? `已处理（${beijingTime(f.handledAt)}）` : '未处理';
  if (!actions.onHandled) return h('span', { class: 'muted handled-state' }, when);
  const box = h('input', { type: 'checkbox', class: 'handled-toggle' }) as HTMLInputElement;
  box.checked = f.handledAt !== null;
  box.onchange = () => actions.onHandled!(f, box.checked);
  return h('label', { class: 'choice handled' }, box, f.handledAt ? when : '已处理');
}

export function renderForms(list: HTMLElement, forms: FormRow[], actions: FormActions): void {
  if (forms.length === 0) {
    list.replaceChildren(h('p', { class: 'muted', id: 'forms-empty' }, '这个期间没有表单。'));
    return;
  }
  list.replaceChildren(
    h(
      'ul',
      { id: 'forms', class: 'cards' },
      forms.map((f) => {
        const print = h('button', { type: 'button', class: 'print-form' }, '打开纸质表');
        print.onclick = () => actions.onPrint(f);
        return h(
          'li',
          { class: 'form-card', 'data-form-type': f.type, 'data-form-id': f.id, 'data-new': String(f.isNew) },
          h(
            'h3',
            {},
            `表${f.number} ${f.title}`,
            ...(f.isNew ? [' ', h('span', { class: 'badge badge-FAILED new-badge', title: '上次查看后新增' }, '新')] : []),
            // Its report was withdrawn: the change it records did not stand.
            ...(f.withdrawn ? [' ', h('span', { class: 'badge withdrawn-badge', title: '这份表单的上报已被社区撤回' }, '已撤回')] : []),
          ),
          h('p', { class: 'muted' }, `${DEPARTMENT_LABELS[f.department] ?? f.department} · 变动日期 ${f.effectiveDate} · 生成于 ${beijingTime(f.createdAt)}`),
          h(
            'details',
            {},
            h('summary', {}, '表单内容'),
            h('dl', {}, f.fields.flatMap((x) => [h('dt', {}, fieldTitle(f.type, x.name)), h('dd', {}, shown(f, x.name, x.value))])),
          ),
          h('p', {}, print),
          h('p', {}, handledControl(f, actions)),
        );
      }),
    ),
  );
}

/** "表1 最低生活保障注销审批表 2 份；表3 …" */
export function formsSummary(forms: FormRow[], periodLabel: string): string {
  if (forms.length === 0) return `${periodLabel}，没有表单。`;
  const byType = new Map<string, { number: number; title: string; count: number }>();
  for (const f of forms) {
    const entry = byType.get(f.type) ?? { number: f.number, title: f.title, count: 0 };
    entry.count++;
    byType.set(f.type, entry);
  }
  const parts = [...byType.values()].sort((a, b) => a.number - b.number).map((e) => `表${e.number} ${e.title} ${e.count} 份`);
  return `${periodLabel}，共 ${forms.length} 份：${parts.join('；')}。`;
}

/**
 * "上次查看后新增 N 份，其中 M 份属于已下载过的期间": of the new forms, those whose change took effect
 * on or before the day the department last acknowledged (a download, or 标记为已查看): filed late
 * into a period the clerk had already seen.
 */
export function newSummary(forms: FormRow[], acknowledgedUpTo: string | null): string {
  const fresh = forms.filter((f) => f.isNew);
  if (fresh.length === 0) return '上次查看后没有新增表单。';
  const seenUntil = acknowledgedUpTo ? shanghaiToday(new Date(acknowledgedUpTo)) : null;
  const late = seenUntil ? fresh.filter((f) => f.effectiveDate <= seenUntil).length : 0;
  return `上次查看后新增 ${fresh.length} 份，其中 ${late} 份属于已下载过的期间。`;
}
