/** For supervision: residents recorded dead or gone in one system and still paid by another, with the money at stake. */
import type { SystemName } from '../../domain/systems';
import { h } from '../shared/dom';
import { BENEFIT_LABELS, KIND_LABELS, SYSTEM_LABELS } from '../shared/labels';

export interface Anomaly {
  resident: { idNumber: string; name: string | null };
  evidence: { system: string; event: string; date: string };
  paidBy: string;
  benefit: string;
  monthlyAmount: number | null;
  monthsOverpaid: number;
  estimatedOverpayment: number | null;
}

const yuan = (n: number | null) => (n === null ? '金额不详' : `¥${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
const systemName = (s: string) => SYSTEM_LABELS[s as SystemName]?.name ?? s;

export function renderAnomalies(list: HTMLElement, anomalies: Anomaly[]): string {
  const total = anomalies.reduce((sum, a) => sum + (a.estimatedOverpayment ?? 0), 0);
  list.replaceChildren(
    anomalies.length === 0
      ? h('p', { class: 'muted' }, '没有发现异常。')
      : h(
          'ul',
          { id: 'anomaly-list', class: 'cards' },
          anomalies
            .slice()
            .sort((a, b) => (b.estimatedOverpayment ?? 0) - (a.estimatedOverpayment ?? 0))
            .map((a) =>
              h(
                'li',
                { class: 'anomaly', 'data-benefit': a.benefit },
                h('h3', {}, `${a.resident.name ?? '（姓名不详）'} · ${a.resident.idNumber}`),
                h('p', {}, `${systemName(a.evidence.system)}记录其于 ${a.evidence.date} ${KIND_LABELS[a.evidence.event] ?? a.evidence.event}，${systemName(a.paidBy)}仍在发放${BENEFIT_LABELS[a.benefit] ?? a.benefit}（每月 ${yuan(a.monthlyAmount)}）。`),
                h('p', { class: 'amount' }, `已多发 ${a.monthsOverpaid} 个月，约 ${yuan(a.estimatedOverpayment)}`),
              ),
            ),
        ),
  );
  return anomalies.length === 0 ? '没有发现异常。' : `共 ${anomalies.length} 条异常，估计多发 ${yuan(total)}。`;
}
