/**
 * A form as the department's paper form lays it out, for printing from the desk: the form's
 * number and title, the department, the period and the form's own references, then its fields in
 * a ruled table of title/value pairs (two pairs a line, as the paper templates print them), and
 * lines for the clerk's and the reviewer's signatures. The print stylesheet (web/styles/app.css,
 * @media print) puts each form on a page of its own.
 */
import { beijingTime, fieldTitle, shownValue } from '../../domain/forms/labels';
import type { FormRow } from '../../contract/pageOperations';
import { h } from '../shared/dom';
import { DEPARTMENT_LABELS } from '../shared/labels';

/** Title/value pairs per line of the table: two fit an A4 page in Chinese at a readable size. */
const PAIRS_PER_LINE = 2;

export function paperForm(form: FormRow, periodLabel: string): HTMLElement {
  const cells = form.fields.map((x) => [h('th', { scope: 'row' }, fieldTitle(form.type, x.name)), h('td', {}, shownValue(form.type, x.name, x.value) || '—')]);
  const lines: HTMLElement[] = [];
  for (let i = 0; i < cells.length; i += PAIRS_PER_LINE) {
    const line = cells.slice(i, i + PAIRS_PER_LINE);
    // A last line with one pair: its value spans the empty pair, so the ruling stays whole.
    if (line.length < PAIRS_PER_LINE) line[line.length - 1][1].setAttribute('colspan', String(1 + 2 * (PAIRS_PER_LINE - line.length)));
    lines.push(h('tr', {}, line.flat()));
  }
  return h(
    'article',
    { class: 'paper-form', 'data-form-id': form.id, 'aria-label': `表${form.number} ${form.title}` },
    h('h2', { class: 'paper-title' }, form.title),
    h('p', { class: 'paper-number' }, `表${form.number}`),
    h(
      'dl',
      { class: 'paper-meta' },
      h('dt', {}, '填报部门'),
      h('dd', {}, DEPARTMENT_LABELS[form.department] ?? form.department),
      h('dt', {}, '期间'),
      h('dd', {}, periodLabel),
      h('dt', {}, '表单编号'),
      h('dd', {}, form.id),
      h('dt', {}, '上报编号'),
      h('dd', {}, form.intakeId),
      h('dt', {}, '生成时间'),
      h('dd', {}, `${beijingTime(form.createdAt)}（北京时间）`),
    ),
    h('table', { class: 'paper-table' }, h('tbody', {}, lines)),
    h('p', { class: 'paper-sign' }, h('span', {}, '经办人：'), h('span', {}, '审核人：'), h('span', {}, '日期：')),
  );
}
