/**
 * After an import: where the intakes it created have got. Each reported row's intake is read
 * back (a few at a time); the rows whose deliveries are still pending or have failed are listed
 * with the systems concerned, so the worker knows which reports still need following up
 * (failed ones are retried from the "需要处理" tab).
 */
import { maskIdNumber } from '../../domain/idNumber';
import type { SystemName } from '../../domain/systems';
import { mapWithConcurrency } from '../../platform/concurrency';
import { IMPORTED_INTAKE_QUERY } from '../../contract/pageOperations';
import { h } from '../shared/dom';
import { graphql, type GraphQLCall } from '../shared/graphql';
import { DELIVERY_STATUS_LABELS, SYSTEM_LABELS } from '../shared/labels';
import type { RowOutcome } from './run';

interface ImportedIntake {
  id: string;
  status: string;
  deliveries: { system: SystemName; status: string }[];
}

/** A row whose report is not yet everywhere: the unsettled deliveries, or null when its state could not be read. */
interface Unsettled {
  outcome: RowOutcome;
  deliveries: { system: SystemName; status: string }[] | null;
}

async function unsettledRows(outcomes: readonly RowOutcome[], call: GraphQLCall): Promise<Unsettled[]> {
  const reported = outcomes.filter((o) => o.status === 'reported' && o.intakeId);
  const read = await mapWithConcurrency(reported, 3, async (o) => graphql<{ intake: ImportedIntake | null }>(IMPORTED_INTAKE_QUERY, { id: o.intakeId }, call));
  return reported.flatMap((outcome, i): Unsettled[] => {
    const res = read[i];
    if (res.kind !== 'data' || !res.data.intake) return [{ outcome, deliveries: null }];
    const open = res.data.intake.deliveries.filter((d) => d.status === 'PENDING' || d.status === 'FAILED');
    return open.length > 0 ? [{ outcome, deliveries: open }] : [];
  });
}

const systemName = (s: SystemName) => SYSTEM_LABELS[s]?.name ?? s;

/** The section listing the reported rows not yet delivered everywhere, with a refresh button. */
export function deliveryStatusSection(outcomes: readonly RowOutcome[], call: GraphQLCall): HTMLElement {
  const summary = h('p', { id: 'import-delivery-summary', role: 'status', 'aria-live': 'polite' }, '正在读取各部门系统的送达情况…');
  const table = h('div', { id: 'import-delivery-rows' });
  const refresh = h('button', { type: 'button', id: 'import-delivery-refresh' }, '刷新送达情况');
  const load = async () => {
    summary.textContent = '正在读取各部门系统的送达情况…';
    const rows = await unsettledRows(outcomes, call);
    const failed = rows.filter((r) => r.deliveries?.some((d) => d.status === 'FAILED')).length;
    summary.textContent = rows.length === 0 ? '新上报的行都已送达各部门系统。' : `新上报的行中有 ${rows.length} 行尚未全部送达（其中 ${failed} 行有送达失败，可在“需要处理”中重试）。`;
    table.replaceChildren(
      rows.length === 0
        ? ''
        : h(
            'table',
            { class: 'rows' },
            h('caption', {}, '尚未全部送达的行'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '行号'), h('th', { scope: 'col' }, '姓名 · 上报编号'), h('th', { scope: 'col' }, '送达情况'))),
            h(
              'tbody',
              {},
              rows.map(({ outcome, deliveries }) =>
                h(
                  'tr',
                  { 'data-row': outcome.row, 'data-intake': outcome.intakeId, 'data-delivery': deliveries?.some((d) => d.status === 'FAILED') ? 'FAILED' : deliveries ? 'PENDING' : 'UNKNOWN' },
                  h('td', {}, String(outcome.row)),
                  // On a phone the table has three narrow columns: the reference goes under the name.
                  h('td', {}, outcome.name, h('span', { class: 'muted block' }, maskIdNumber(outcome.idNumber.toUpperCase())), h('span', { class: 'muted block' }, outcome.intakeId ?? '')),
                  h('td', {}, deliveries ? deliveries.map((d) => `${systemName(d.system)}：${DELIVERY_STATUS_LABELS[d.status] ?? d.status}`).join('；') : '暂时无法读取，请稍后刷新'),
                ),
              ),
            ),
          ),
    );
  };
  refresh.addEventListener('click', () => void load());
  void load();
  return h('section', { class: 'card', 'aria-labelledby': 'import-delivery-title' }, h('h2', { id: 'import-delivery-title' }, '送达情况'), summary, table, refresh);
}
