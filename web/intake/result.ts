/**
 * After a report: its reference, each department system's delivery in words, the forms
 * produced; kept up to date by reading intake(id) until nothing is pending. A system that is
 * down is said plainly: the report is saved and will be retried, nothing to send again.
 */
import type { Department, SystemName } from '../../domain/systems';
import { maskIdNumber } from '../../domain/idNumber';
import { h, shanghaiTime } from '../shared/dom';
import { DELIVERY_STATUS_LABELS, DEPARTMENT_LABELS, INTAKE_STATUS_LABELS, SYSTEM_LABELS } from '../shared/labels';
import type { Delivery, Intake, ReportSubject } from './queries';

function deliveryNote(d: Delivery): string {
  switch (d.status) {
    case 'DELIVERED':
      return '已写入该系统';
    case 'NOT_APPLICABLE':
      return '该居民在此系统没有需要变更的待遇或记录';
    case 'PENDING':
      return d.attempts > 0 ? `暂时无法连接，系统会自动重试（已尝试 ${d.attempts} 次），无需重新提交` : '正在送达…';
    case 'FAILED':
      return `多次重试仍未成功（共 ${d.attempts} 次），已转管理员处理`;
    case 'WITHDRAWN':
      return '上报已撤回，不会再写入该系统';
  }
}

/** A system that failed at least once and is still being retried. */
const isRetrying = (d: Delivery) => d.status === 'PENDING' && d.attempts > 0;

/** Copies the reference; where the clipboard API is refused (an older WebView, no HTTPS), selects it for a long press. */
async function copyText(text: string, shown: HTMLElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    getSelection()?.selectAllChildren(shown);
    return false;
  }
}

/**
 * The receipt: who was reported (the name and a masked ID number, as entered; a report opened
 * later shows what the worker may read of it), the reference to read out, when, and buttons to
 * copy it and print the receipt.
 */
function receipt(intake: Intake, subject: ReportSubject | null): HTMLElement {
  const reference = h('strong', { id: 'intake-reference', class: 'reference-code' }, intake.reference);
  const copied = h('span', { id: 'copy-status', class: 'muted', role: 'status', 'aria-live': 'polite' });
  const copy = h('button', { type: 'button', id: 'copy-reference', class: 'no-print' }, '复制编号');
  copy.addEventListener('click', () => {
    void copyText(intake.reference, reference).then((ok) => (copied.textContent = ok ? '已复制' : '已选中编号，请长按复制'));
  });
  const print = h('button', { type: 'button', id: 'print-receipt', class: 'no-print' }, '打印回执');
  print.addEventListener('click', () => window.print());
  return h(
    'section',
    { id: 'receipt', class: 'receipt', 'aria-label': '上报回执' },
    subject && h('p', { id: 'receipt-subject' }, `上报对象：${subject.name}${subject.idNumber ? `（${maskIdNumber(subject.idNumber)}）` : ''}`),
    h('p', { class: 'reference' }, '上报编号：', reference),
    h('p', { class: 'muted' }, '电话查询时请报此编号（不含数字 0、1 和字母 O、I、L）'),
    h('p', { class: 'muted' }, `提交时间：${shanghaiTime(intake.createdAt)} · 系统记录号 `, h('span', { id: 'intake-id' }, intake.id)),
    h('p', { class: 'actions no-print' }, copy, print, copied),
  );
}

/**
 * 撤回上报, for a signed-in worker: the button opens a reason and a confirm step (nothing is sent
 * until 确认撤回). `withdraw` answers an error message to show, or null once withdrawn.
 */
function withdrawControls(withdraw: (reason: string) => Promise<string | null>): HTMLElement {
  const open = h('button', { type: 'button', id: 'withdraw-open' }, '撤回上报');
  const reason = h('input', { id: 'withdraw-reason', maxlength: '200', 'aria-label': '撤回原因' });
  const confirm = h('button', { type: 'button', id: 'withdraw-confirm', class: 'primary' }, '确认撤回');
  const cancel = h('button', { type: 'button', id: 'withdraw-cancel' }, '取消');
  const message = h('p', { id: 'withdraw-status', class: 'notice', 'data-tone': 'error', role: 'status', 'aria-live': 'polite', hidden: true });
  const step = h(
    'div',
    { id: 'withdraw-step', hidden: true },
    h('p', { class: 'hint' }, '上报有误时撤回，再重新上报正确的内容。尚未写入的部门系统将不再写入；已写入的，由相应部门冲正。'),
    h('label', { for: 'withdraw-reason' }, '撤回原因（必填，最多 200 字）'),
    reason,
    confirm,
    cancel,
  );
  open.addEventListener('click', () => {
    step.hidden = false;
    open.hidden = true;
    reason.focus();
  });
  cancel.addEventListener('click', () => {
    step.hidden = true;
    open.hidden = false;
    message.hidden = true;
  });
  confirm.addEventListener('click', () => {
    if (!reason.value.trim()) {
      message.textContent = '请先填写撤回原因。';
      message.hidden = false;
      return;
    }
    confirm.setAttribute('disabled', '');
    void withdraw(reason.value).then((problem) => {
      confirm.removeAttribute('disabled');
      if (problem === null) return;
      message.textContent = problem;
      message.hidden = false;
    });
  });
  return h('section', { id: 'withdraw', class: 'no-print', 'aria-label': '撤回上报' }, open, step, message);
}

/** After a withdrawal: which systems had written the report and still need their department to reverse it. */
function withdrawnNotice(awaiting: readonly string[]): HTMLElement {
  const names = awaiting.map((s) => SYSTEM_LABELS[s as SystemName] ? `${SYSTEM_LABELS[s as SystemName].name}（${SYSTEM_LABELS[s as SystemName].department}）` : s).join('、');
  const text = awaiting.length > 0 ? `本次上报已撤回。以下系统此前已写入，需由相应部门冲正：${names}。如需更正，请重新上报。` : '本次上报已撤回，不会写入任何部门系统。如需更正，请重新上报。';
  return h('p', { id: 'withdrawn-notice', class: 'notice', 'data-tone': 'info' }, text);
}

export interface RenderOptions {
  /** Who was reported, when the page knows it. @default not shown */
  subject?: ReportSubject | null;
  /** The "report the next one" button; absent, none is shown (a report opened from the history). */
  onNewReport?: () => void;
  /** Withdraws the report (a signed-in worker only, never a QR credential); absent, no 撤回上报 is offered. */
  onWithdraw?: (reason: string) => Promise<string | null>;
}

export function renderIntake(container: HTMLElement, intake: Intake, options: RenderOptions = {}): void {
  const retrying = intake.deliveries.filter(isRetrying);
  const failed = intake.deliveries.filter((d) => d.status === 'FAILED');
  const systemNames = (list: Delivery[]) => list.map((d) => SYSTEM_LABELS[d.system as SystemName]?.name ?? d.system).join('、');
  const done = intake.deliveries.every((d) => d.status !== 'PENDING');
  const { onNewReport } = options;
  const newReport = onNewReport ? h('button', { type: 'button', id: 'new-report', class: 'primary no-print' }, '上报下一条') : null;
  newReport?.addEventListener('click', onNewReport!);

  const parts: (Node | false)[] = [
    h('h2', { id: 'result-title' }, intake.withdrawal ? '已撤回' : '已收到上报'),
    receipt(intake, options.subject ?? null),
    intake.withdrawal !== null && withdrawnNotice(intake.withdrawal.awaitingReversal),
    h('p', { id: 'intake-status', class: `status-line status-${intake.status}`, role: 'status', 'aria-live': 'polite', 'data-status': intake.status }, INTAKE_STATUS_LABELS[intake.status] ?? intake.status),
    intake.status === 'AWAITING_CONFIRMATION' &&
      h(
        'p',
        { id: 'awaiting-notice', class: 'notice', 'data-tone': 'info' },
        '本次上报已保存。用二维码提交的上报须经社区工作人员核实确认后，才会送达各部门系统；确认前不会停发任何待遇。请保存上报编号，如有疑问请联系社区办公室。',
      ),
    retrying.length > 0 &&
      h('p', { id: 'retry-notice', class: 'notice', 'data-tone': 'info' }, `${systemNames(retrying)}暂时无法连接。本次上报已保存，系统会自动重试送达，您无需重新提交。`),
    failed.length > 0 && h('p', { id: 'failed-notice', class: 'notice', 'data-tone': 'error' }, `${systemNames(failed)}多次重试仍未成功，已通知管理员处理。您无需重新提交。`),
    intake.status !== 'AWAITING_CONFIRMATION' && h('h3', {}, '各部门系统'),
    h(
      'ul',
      { id: 'deliveries', class: 'deliveries' },
      intake.deliveries.map((d) => {
        const label = SYSTEM_LABELS[d.system as SystemName];
        return h(
          'li',
          { 'data-system': d.system, 'data-status': d.status },
          h('span', { class: 'system' }, label ? `${label.name}（${label.department}）` : d.system),
          h('span', { class: `badge badge-${d.status}` }, DELIVERY_STATUS_LABELS[d.status] ?? d.status),
          h('span', { class: 'note' }, deliveryNote(d)),
        );
      }),
    ),
    h('h3', {}, `已生成的表单（${intake.forms.length}）`),
    intake.forms.length === 0
      ? h('p', { class: 'muted', id: 'forms-empty' }, done ? '本次变动无需生成表单。' : '表单会在各部门系统送达后生成。')
      : h(
          'ol',
          { id: 'forms', class: 'forms' },
          [...intake.forms]
            .sort((a, b) => a.number - b.number)
            .map((f) => h('li', { 'data-form-type': f.type }, h('span', { class: 'form-title' }, `表${f.number} ${f.title}`), h('span', { class: 'muted' }, DEPARTMENT_LABELS[f.department as Department] ?? f.department))),
        ),
    options.onWithdraw !== undefined && intake.status !== 'WITHDRAWN' && intake.status !== 'REJECTED' && withdrawControls(options.onWithdraw),
    newReport ?? false,
  ];
  container.replaceChildren(...parts.filter((p): p is Node => p !== false));
  container.hidden = false;
}

export const hasPending = (intake: Intake) => intake.deliveries.some((d) => d.status === 'PENDING');

export interface Follow {
  stop(): void;
}

/**
 * Reads the intake again until nothing is pending, a little less often each time (1.5 s up to
 * 10 s), carrying on through failed reads; `onUpdate` gets every reading.
 */
export function followIntake(read: () => Promise<Intake | null>, onUpdate: (intake: Intake) => void, firstDelayMs = 1500, maxDelayMs = 10_000): Follow {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = firstDelayMs;
  const tick = async () => {
    const intake = await read().catch(() => null);
    if (stopped) return;
    if (intake) onUpdate(intake);
    if (intake && !hasPending(intake)) return;
    delay = Math.min(maxDelayMs, Math.round(delay * 1.3));
    timer = setTimeout(tick, delay);
  };
  timer = setTimeout(tick, delay);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
