/**
 * "需要处理": deliveries that failed or are overdue, in the caller's scope (the desk: the
 * department's systems; the intake page: the community's reports), each with a retry button
 * for a FAILED one that the caller may retry (retryDelivery's rule: a department its own
 * systems, a community worker any of its reports; supervision only reads). A retry updates its row.
 */
import type { SystemName } from '../../domain/systems';
import { ACKNOWLEDGE_WITHDRAWAL_MUTATION, ATTENTION_QUERY, RETRY_MUTATION } from '../../contract/pageOperations';
import { h, shanghaiTime } from './dom';
import { errorCode, graphql, type GraphQLOutcome } from './graphql';
import { ATTENTION_REASON_LABELS, DELIVERY_ERROR_LABELS, DELIVERY_STATUS_LABELS, KIND_LABELS, SYSTEM_LABELS } from './labels';

export const ATTENTION_PURPOSE = 'delivery-follow-up';

interface DeliveryState {
  system: SystemName;
  status: string;
  attempts: number;
  lastError: string | null;
}

export interface AttentionItem {
  reason: 'FAILED' | 'OVERDUE' | 'WITHDRAWN_AFTER_DELIVERY';
  since: string;
  intake: { id: string; change: { kind: string; name: string | null; resident: { idNumber: string } } };
  delivery: DeliveryState;
}

export interface AttentionOptions {
  token: string;
  /** Whether the caller may retry this system's delivery (retryDelivery's rule). */
  mayRetry: (system: SystemName) => boolean;
  /** Whether the caller acknowledges reversing a withdrawn report's write to this system (acknowledgeWithdrawal's rule). @default mayRetry */
  mayAcknowledge?: (system: SystemName) => boolean;
  /** A refusal of the whole request (expired token, no right): true when handled. */
  refused: (outcome: GraphQLOutcome<unknown>) => boolean;
}

/** `CODE: detail` -> the clerk's words, then the detail as stored. */
export function errorInWords(lastError: string | null): string {
  if (!lastError) return '暂无错误信息（仍在等待送达）';
  const code = /^([A-Z_]+):/.exec(lastError)?.[1];
  const words = code ? DELIVERY_ERROR_LABELS[code] : undefined;
  return words ? `${words}。（${lastError}）` : lastError;
}

const systemName = (s: SystemName) => SYSTEM_LABELS[s]?.name ?? s;

/** The delivery's state: why it is listed (or, after a retry, its new status) and the attempts of its current round. */
function stateLine(d: DeliveryState, reason?: string): string {
  const what = reason ? (ATTENTION_REASON_LABELS[reason] ?? reason) : (DELIVERY_STATUS_LABELS[d.status] ?? d.status);
  return `${what} · 已尝试 ${d.attempts} 次`;
}

/** 已冲正: the department reversed the withdrawn report's write in its system; the row says so. */
function acknowledgeButton(item: AttentionItem, options: AttentionOptions, outcome: HTMLElement): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'acknowledge-withdrawal', 'data-intake': item.intake.id, 'data-system': item.delivery.system }, '已冲正');
  button.onclick = async () => {
    button.disabled = true;
    const res = await graphql(ACKNOWLEDGE_WITHDRAWAL_MUTATION, { id: item.intake.id, system: item.delivery.system }, { token: options.token, purpose: ATTENTION_PURPOSE });
    if (res.kind === 'data') {
      outcome.textContent = '已记录冲正，这条将不再列出。';
      button.hidden = true;
      return;
    }
    button.disabled = false;
    if (options.refused(res)) return;
    outcome.textContent = '暂时无法记录，请稍后再试。';
  };
  return button;
}

function row(item: AttentionItem, options: AttentionOptions): HTMLLIElement {
  const { intake, delivery } = item;
  const state = h('p', { class: 'state' }, stateLine(delivery, item.reason));
  const withdrawn = item.reason === 'WITHDRAWN_AFTER_DELIVERY';
  const problem = h('p', { class: 'problem' }, withdrawn ? '请在本部门系统中冲正这条记录（是否恢复待遇由本部门决定），完成后点“已冲正”。' : errorInWords(delivery.lastError));
  const outcome = h('p', { class: 'retry-status', role: 'status', 'aria-live': 'polite' });
  const canRetry = delivery.status === 'FAILED' && options.mayRetry(delivery.system);
  const button = canRetry ? h('button', { type: 'button', class: 'retry', 'data-intake': intake.id, 'data-system': delivery.system }, '重试') : null;
  const li = h(
    'li',
    { class: 'attention', 'data-intake': intake.id, 'data-system': delivery.system, 'data-status': delivery.status },
    h('h3', {}, `${systemName(delivery.system)} · ${KIND_LABELS[intake.change.kind] ?? intake.change.kind} · ${intake.change.name ?? '（姓名不详）'} ${intake.change.resident.idNumber}`),
    h('p', { class: 'reference' }, `上报编号：${intake.id} · 自 ${shanghaiTime(item.since)}`),
    state,
    problem,
    button,
    withdrawn && (options.mayAcknowledge ?? options.mayRetry)(delivery.system) ? acknowledgeButton(item, options, outcome) : null,
    outcome,
  );
  if (button) {
    button.onclick = async () => {
      button.disabled = true;
      outcome.textContent = '正在重试…';
      const res = await graphql<{ retryDelivery: { deliveries: DeliveryState[] } }>(RETRY_MUTATION, { id: intake.id, system: delivery.system }, { token: options.token, purpose: ATTENTION_PURPOSE });
      if (res.kind === 'data') {
        const now = res.data.retryDelivery.deliveries.find((d) => d.system === delivery.system);
        if (!now) return;
        li.dataset.status = now.status;
        state.textContent = stateLine(now);
        problem.textContent = now.status === 'FAILED' ? errorInWords(now.lastError) : '';
        outcome.textContent = now.status === 'DELIVERED' || now.status === 'NOT_APPLICABLE' ? '重试成功，已送达。' : now.status === 'PENDING' ? '已重新提交，正在送达。' : '重试仍然失败，请按上面的提示处理后再试。';
        button.disabled = now.status !== 'FAILED';
        button.hidden = now.status !== 'FAILED';
        return;
      }
      button.disabled = false;
      if (options.refused(res)) return;
      outcome.textContent = errorCode(res) === 'BAD_USER_INPUT' ? '这条送达已不是失败状态（可能已有人重试），请刷新列表。' : '暂时无法重试，请稍后再试。';
    };
  }
  return li;
}

/** Reads the list and shows it in `list`; returns the summary line. */
export async function showAttention(list: HTMLElement, options: AttentionOptions): Promise<string> {
  const res = await graphql<{ deliveriesNeedingAttention: AttentionItem[] }>(ATTENTION_QUERY, {}, { token: options.token, purpose: ATTENTION_PURPOSE });
  if (res.kind !== 'data') {
    list.replaceChildren();
    return options.refused(res) ? '' : '暂时无法读取需要处理的送达，请稍后再试。';
  }
  const items = res.data.deliveriesNeedingAttention;
  list.replaceChildren(items.length === 0 ? h('p', { class: 'muted' }, '没有需要处理的送达。') : h('ul', { id: 'attention-list', class: 'cards' }, items.map((item) => row(item, options))));
  const count = (reason: AttentionItem['reason']) => items.filter((i) => i.reason === reason).length;
  const withdrawn = count('WITHDRAWN_AFTER_DELIVERY');
  const reversals = withdrawn > 0 ? `，撤回后待冲正 ${withdrawn} 条` : '';
  return items.length === 0 ? '没有需要处理的送达。' : `共 ${items.length} 条需要处理（送达失败 ${count('FAILED')} 条，长时间未送达 ${count('OVERDUE')} 条${reversals}）。`;
}
