/**
 * The reports made with the community's QR code that await a signed-in worker (shown only to a
 * worker's own sign-in, never to a QR credential): what was reported, and two buttons. Confirming
 * sends the report to every department system; rejecting (with a reason) sends it nowhere.
 */
import { h, notice, shanghaiTime } from '../shared/dom';
import { graphql, type GraphQLCall } from '../shared/graphql';
import { KIND_LABELS } from '../shared/labels';
import { CONFIRM_MUTATION, REJECT_MUTATION, UNCONFIRMED_QUERY } from '../../contract/pageOperations';

interface UnconfirmedReport {
  id: string;
  createdAt: string;
  change: { kind: string; name: string; effectiveDate: string; resident: { idNumber: string }; deathPlace: string | null; destination: string | null };
}

const FAILED = '操作未成功，请稍后再试。';

/** What the worker reads when the server refuses a confirmation or rejection. */
const REFUSALS: Record<string, string> = {
  NOT_FOUND: '找不到这条上报，它可能不属于本社区。',
  FORBIDDEN: '只有本社区工作人员用本人令牌登录后才能确认或不予受理。',
  BAD_USER_INPUT: '这条上报已经处理过（已确认或已不予受理），请刷新列表。',
};

export async function mountReview(panel: HTMLElement, call: GraphQLCall): Promise<void> {
  const status = h('p', { id: 'review-status', class: 'notice', role: 'status', 'aria-live': 'polite', hidden: true });
  const list = h('ul', { id: 'unconfirmed', class: 'deliveries' });
  const refresh = h('button', { type: 'button', id: 'review-refresh' }, '刷新');
  panel.replaceChildren(
    h('div', { class: 'card' }, h('p', { class: 'hint' }, '居民用二维码提交的上报须由本社区工作人员核实：确认后才会送达各部门系统；不属实的请填写原因后不予受理。'), status, list, refresh),
  );

  const act = async (query: string, variables: Record<string, unknown>, done: string) => {
    const res = await graphql<Record<string, { id: string }>>(query, variables, call);
    if (res.kind !== 'data') {
      notice(status, (res.kind === 'errors' && REFUSALS[String(res.errors[0]?.extensions?.code)]) || FAILED);
      return load();
    }
    notice(status, done, 'ok');
    await load();
  };

  const item = (r: UnconfirmedReport) => {
    const reason = h('input', { id: `reason-${r.id}`, maxlength: '200', 'aria-label': '不予受理的原因' });
    const confirm = h('button', { type: 'button', class: 'primary', 'data-action': 'confirm' }, '确认属实并送达');
    const reject = h('button', { type: 'button', 'data-action': 'reject' }, '不予受理');
    confirm.addEventListener('click', () => void act(CONFIRM_MUTATION, { id: r.id }, `已确认上报 ${r.id}，正在送达各部门系统。`));
    reject.addEventListener('click', () => {
      if (!reason.value.trim()) return notice(status, '请先填写不予受理的原因。');
      void act(REJECT_MUTATION, { id: r.id, reason: reason.value }, `已不予受理上报 ${r.id}，不会送达任何系统。`);
    });
    const where = r.change.deathPlace ?? r.change.destination ?? '';
    return h(
      'li',
      { 'data-intake': r.id },
      h('span', { class: 'system' }, `${KIND_LABELS[r.change.kind] ?? r.change.kind}：${r.change.name}（${r.change.resident.idNumber}）`),
      h('span', { class: 'note' }, `变动日期 ${r.change.effectiveDate}${where ? ` · ${where}` : ''} · 提交于 ${shanghaiTime(r.createdAt)} · 编号 ${r.id}`),
      confirm,
      reason,
      reject,
    );
  };

  async function load(): Promise<void> {
    const res = await graphql<{ unconfirmedReports: UnconfirmedReport[] }>(UNCONFIRMED_QUERY, {}, call);
    if (res.kind !== 'data') return notice(status, FAILED);
    const reports = res.data.unconfirmedReports;
    list.replaceChildren(...(reports.length ? reports.map(item) : [h('li', { id: 'unconfirmed-empty', class: 'muted' }, '目前没有待确认的上报。')]));
  }

  refresh.addEventListener('click', () => void load());
  await load();
}
