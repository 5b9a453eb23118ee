/** A department's forms for a period, as cards a clerk can open to read every field. */
import { declaredField, type FormType } from '../../domain/forms';
import { h, shanghaiTime } from '../shared/dom';
import type { FormRow } from '../../contract/pageOperations';
import { DEPARTMENT_LABELS, KIND_LABELS } from '../shared/labels';

const shown = (name: string, value: string | null) => (value === null || value === '' ? '—' : name === 'changeKind' ? (KIND_LABELS[value] ?? value) : value);
/** A field's title on its template (domain/forms); a field the template does not declare shows under its own name. */
const titleOf = (type: FormType, name: string) => declaredField(type, name)?.title ?? name;

export function renderForms(list: HTMLElement, forms: FormRow[]): void {
  if (forms.length === 0) {
    list.replaceChildren(h('p', { class: 'muted', id: 'forms-empty' }, '这个期间没有表单。'));
    return;
  }
  list.replaceChildren(
    h(
      'ul',
      { id: 'forms', class: 'cards' },
      forms.map((f) =>
        h(
          'li',
          { class: 'form-card', 'data-form-type': f.type, 'data-form-id': f.id },
          h('h3', {}, `表${f.number} ${f.title}`),
          h('p', { class: 'muted' }, `${DEPARTMENT_LABELS[f.department] ?? f.department} · 变动日期 ${f.effectiveDate} · 生成于 ${shanghaiTime(f.createdAt)}`),
          h(
            'details',
            {},
            h('summary', {}, '表单内容'),
            h('dl', {}, f.fields.flatMap((x) => [h('dt', {}, titleOf(f.type, x.name)), h('dd', {}, shown(x.name, x.value))])),
          ),
        ),
      ),
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
