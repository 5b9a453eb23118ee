/**
 * 上报记录: the community's reports, newest first, found by what a worker has at hand (the
 * reference a family reads out over the phone, an ID number, part of a name). Opening one shows
 * its receipt and progress, and puts it in the address (#report=<id>) so a reload reopens it.
 * A signed-in worker's tab only: a QR credential lists nothing.
 */
import { REPORTS_QUERY } from '../../contract/pageOperations';
import { h, notice, shanghaiTime } from '../shared/dom';
import { graphql, type GraphQLCall } from '../shared/graphql';
import { INTAKE_STATUS_LABELS, KIND_LABELS } from '../shared/labels';
import type { ListedReport } from './queries';

const FAILED = '查询未成功，请检查网络后重试。';

export async function mountHistory(panel: HTMLElement, call: GraphQLCall, open: (report: ListedReport) => void): Promise<void> {
  const search = h('input', { id: 'history-search', type: 'search', maxlength: '64', autocomplete: 'off', 'aria-describedby': 'history-hint', placeholder: '编号 / 身份证号 / 姓名' });
  const find = h('button', { type: 'submit', id: 'history-find', class: 'primary' }, '查找');
  const status = h('p', { id: 'history-status', class: 'muted', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { id: 'history-list', class: 'deliveries' });
  const form = h(
    'form',
    { class: 'card', role: 'search' },
    h('label', { for: 'history-search' }, '查找上报'),
    h('p', { id: 'history-hint', class: 'hint' }, '输入上报编号（如 RG-4KPM-7XQD，大小写、横线均可）、身份证号或姓名；不填则列出最近的上报。'),
    h('div', { class: 'search-row' }, search, find),
  );
  panel.replaceChildren(form, status, list);

  const item = (r: ListedReport) => {
    const openButton = h('button', { type: 'button', 'data-action': 'open' }, '查看');
    openButton.addEventListener('click', () => open(r));
    return h(
      'li',
      { 'data-intake': r.id, 'data-reference': r.reference },
      h('span', { class: 'system' }, `${KIND_LABELS[r.change.kind] ?? r.change.kind}：${r.change.name}`),
      h('span', { class: `badge badge-${r.status}` }, INTAKE_STATUS_LABELS[r.status] ?? r.status),
      h('span', { class: 'note' }, `编号 ${r.reference} · 变动日期 ${r.change.effectiveDate} · 提交于 ${shanghaiTime(r.createdAt)}`),
      openButton,
    );
  };

  const load = async () => {
    notice(status, '正在查找…', 'info');
    const term = search.value.trim();
    const res = await graphql<{ reports: ListedReport[] }>(REPORTS_QUERY, { search: term || null, first: 50 }, call);
    if (res.kind !== 'data') {
      list.replaceChildren();
      return notice(status, FAILED);
    }
    const reports = res.data.reports;
    list.replaceChildren(...reports.map(item));
    notice(status, reports.length === 0 ? (term ? '没有找到符合的上报，请核对编号、身份证号或姓名。' : '本社区还没有上报。') : `${term ? '找到' : '最近的'} ${reports.length} 条上报`, reports.length ? 'ok' : 'info');
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  await load();
}
