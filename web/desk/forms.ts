/** A department's forms for a period, as cards a clerk can open to read every field, or open as the paper form to print. */
import { beijingTime, fieldTitle, shownValue } from '../../domain/forms/labels';
import { h } from '../shared/dom';
import type { FormRow } from '../../contract/pageOperations';
import { DEPARTMENT_LABELS } from '../shared/labels';

/** A field's value in the form's words (死亡, 女, Beijing time); an empty one as a dash. */
const shown = (f: FormRow, name: string, value: string | null) => shownValue(f.type, name, value) || '—';

export function renderForms(list: HTMLElement, forms: FormRow[], onPrint: (form: FormRow) => void): void {
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
        print.onclick = () => onPrint(f);
        return h(
          'li',
          { class: 'form-card', 'data-form-type': f.type, 'data-form-id': f.id },
          h('h3', {}, `表${f.number} ${f.title}`),
          h('p', { class: 'muted' }, `${DEPARTMENT_LABELS[f.department] ?? f.department} · 变动日期 ${f.effectiveDate} · 生成于 ${beijingTime(f.createdAt)}`),
          h(
            'details',
            {},
            h('summary', {}, '表单内容'),
            h('dl', {}, f.fields.flatMap((x) => [h('dt', {}, fieldTitle(f.type, x.name)), h('dd', {}, shown(f, x.name, x.value))])),
          ),
          h('p', {}, print),
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
