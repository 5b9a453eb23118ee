/**
 * The community's "需要处理" tab (a worker's own sign-in only, never a QR credential): its
 * reports' deliveries that failed or are overdue, each failed one with a retry button (a
 * community worker may retry any delivery of its own community's reports).
 */
import { h } from '../shared/dom';
import { errorCode } from '../shared/graphql';
import { showAttention } from '../shared/attention';

export async function mountAttention(panel: HTMLElement, token: string): Promise<void> {
  const summary = h('p', { id: 'attention-summary', role: 'status', 'aria-live': 'polite' });
  const items = h('div', { id: 'attention-items' });
  const refresh = h('button', { type: 'button', id: 'attention-refresh' }, '刷新');
  panel.replaceChildren(
    h('div', { class: 'card' }, h('p', { class: 'hint' }, '本社区上报中送达失败或长时间未送达的部门系统。系统恢复后可点“重试”；无法处理的请联系该部门。'), summary, items, refresh),
  );
  const refused = (outcome: Parameters<typeof errorCode>[0]) => {
    const code = errorCode(outcome);
    if (code !== 'UNAUTHENTICATED' && code !== 'FORBIDDEN') return false;
    summary.textContent = code === 'FORBIDDEN' ? '只有本社区工作人员用本人令牌登录后才能查看。' : '登录已过期，请重新登录。';
    return true;
  };
  const load = async () => {
    summary.textContent = '正在读取…';
    summary.textContent = await showAttention(items, { token, mayRetry: () => true, mayAcknowledge: (s) => s === 'COMMUNITY_REGISTRY', refused });
  };
  refresh.addEventListener('click', () => void load());
  await load();
}
