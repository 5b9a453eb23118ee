/**
 * The intake page (/intake): a community worker on a phone reports a death or a move once.
 * Checked before sending with the server's own schema (domain/populationChange.ts), sent as
 * the one reportPopulationChange mutation with a key kept across retries, then followed until
 * every department system has it. The monthly bulk import loads on demand (it brings exceljs).
 */
import { shanghaiToday } from '../../domain/calendar';
import { byId, notice, shanghaiTime } from '../shared/dom';
import { graphql } from '../shared/graphql';
import { isExpired } from '../shared/jwt';
import { fieldMessages, fieldOf, storedMessage, unconfirmedMessage, type FieldMessage } from '../shared/messages';
import { renderSignIn, showAccount } from '../shared/signIn';
import { accessFromLocation, accessFromToken, forgetAccess, type IntakeAccess } from './credential';
import { ReportForm } from './form';
import { COMMUNITIES_QUERY, INTAKE_QUERY, REPORT_MUTATION, WITHDRAW_MUTATION } from '../../contract/pageOperations';
import { INTAKE_PURPOSE, type Community, type Intake, type ReportSubject } from './queries';
import { followIntake, hasPending, renderIntake, type Follow } from './result';
import { ReportSubmission } from './submission';
import { mountReview } from './review';
import { mountAttention } from './attention';
import { mountHistory } from './history';
import { setUpTabs } from './tabs';
import { pressTracker } from './press';
import { Draft } from './draft';
import { CheckStep } from './check';

/** The address fragment that names the report shown: #report=<intake id>. */
const REPORT_HASH = 'report=';
const reportInAddress = (): string | null => (location.hash.startsWith(`#${REPORT_HASH}`) ? decodeURIComponent(location.hash.slice(REPORT_HASH.length + 1)) || null : null);
const CHECKS_NOT_LOADED = '页面没有完整加载，请检查网络后刷新页面再提交（已填的内容会保留）。';
const EXPIRED = '二维码已过期，不能再用来上报。请向社区办公室索取新的二维码后重新扫描。';

/** What the worker reads when the server refuses the report itself (not a field). */
const REFUSALS: Record<string, string> = {
  UNAUTHENTICATED: '二维码已过期或无效，本次没有上报。请向社区办公室索取新的二维码后重新扫描。',
  FORBIDDEN: '这个二维码不属于本社区，不能为本社区上报，本次没有上报。请扫描本社区办公室张贴的二维码。',
  IDEMPOTENCY_CONFLICT: '上一次提交可能已被接收，但内容与这次不同。如只是更正内容，请联系社区办公室处理，以免重复上报；确需作为新的一条上报，请再次点击“提交上报”。',
};

function start(access: IntakeAccess): void {
  byId('signin').hidden = true;
  byId('workspace').hidden = false;
  const pageNotice = byId('notice');
  const submitButton = byId<HTMLButtonElement>('submit');
  const call = { token: access.token, purpose: INTAKE_PURPOSE };
  if (!access.qr) showAccount(boot);
  const readIntake = (id: string) => async () => {
    const read = await graphql<{ intake: Intake | null }>(INTAKE_QUERY, { id }, { ...call, signal: AbortSignal.timeout(15_000) });
    return read.kind === 'data' ? read.data.intake : null;
  };
  void showCommunity(access);

  if (!/^\d{12}$/.test(access.community)) {
    notice(pageNotice, '链接中缺少社区信息，请重新扫描社区办公室的二维码。');
    submitButton.disabled = true;
    return;
  }
  if (isExpired(access.claims)) {
    notice(pageNotice, EXPIRED);
    submitButton.disabled = true;
  }

  const form = new ReportForm(byId<HTMLFormElement>('report-form'), byId('error-summary'));
  form.reset(shanghaiToday());
  const draft = new Draft(form.form, access.community);
  if (draft.restore()) {
    form.showKindFields();
    notice(byId('submit-status'), '已恢复上次未提交的内容，请核对后提交。', 'info');
  }
  const submission = new ReportSubmission((input) => graphql<{ reportPopulationChange: Intake }>(REPORT_MUTATION, { input }, { ...call, signal: AbortSignal.timeout(30_000) }));
  const status = byId('submit-status');
  const result = byId('result');
  let follow: Follow | null = null;
  let submitted = false;

  // The checks arrive after the form is usable (validation.ts); until then a field left is not judged yet, and a submit waits for them.
  let reportProblems: ((input: unknown) => FieldMessage[]) | null = null;
  const checksLoaded = import('./validation').then((checks) => (reportProblems = checks.reportProblems));
  const problemsWith = (check: (input: unknown) => FieldMessage[]) => check({ ...form.read(access.community), idempotencyKey: submission.idempotencyKey });

  // A press on 提交上报 takes the focus from the field: a message shown then would move the
  // button from under the finger and the tap would be lost. The submit checks every field anyway.
  const pressingSubmit = pressTracker(submitButton);
  // As the worker leaves a field they filled (or after a first attempt), say what is wrong with it.
  form.form.addEventListener('focusout', (event) => {
    const target = event.target as HTMLInputElement;
    if (!target.name || (!target.value && !submitted)) return;
    if (event.relatedTarget === submitButton || pressingSubmit()) return;
    if (reportProblems) form.showFieldErrors([fieldOf(target.name.split('.'))], problemsWith(reportProblems));
  });

  // Who the report being shown is about, as the worker entered it (the receipt names them).
  let subject: ReportSubject | null = null;
  const showResult = (intake: Intake) => {
    // The address now opens this report again: after a reload, or bookmarked (the id names nobody).
    history.replaceState(null, '', `#${REPORT_HASH}${encodeURIComponent(intake.id)}`);
    renderIntake(result, intake, {
      subject,
      // A QR credential names nobody: only a worker's own sign-in withdraws a report.
      ...(!access.qr && { onWithdraw: (reason: string) => withdrawReport(intake.id, reason) }),
      onNewReport: () => {
        follow?.stop();
        submission.renew();
        submitted = false;
        subject = null;
        history.replaceState(null, '', location.pathname + location.search);
        result.hidden = true;
        form.form.hidden = false;
        form.reset(shanghaiToday());
        notice(status, null);
        byId('kind-death').focus();
      },
    });
  };
  /** Withdraws the report shown; answers what to tell the worker when refused, or null once shown withdrawn. */
  const withdrawReport = async (id: string, reason: string): Promise<string | null> => {
    const res = await graphql<{ withdrawPopulationChange: Intake }>(WITHDRAW_MUTATION, { id, reason }, { ...call, signal: AbortSignal.timeout(15_000) });
    if (res.kind === 'data') {
      follow?.stop();
      showResult(res.data.withdrawPopulationChange);
      return null;
    }
    if (res.kind === 'errors' && res.errors[0]?.extensions?.code === 'BAD_USER_INPUT') return '撤回原因不能为空，最多 200 字，且不能含控制字符。';
    if (res.kind === 'errors' && res.errors[0]?.extensions?.code === 'NOT_FOUND') return '找不到这条上报，它可能不属于本社区。';
    return '撤回未成功，请稍后再试。';
  };
  /** Shows a report already made (from the history, or the address after a reload) in place of the form, followed until settled. */
  const openReport = (intake: Intake, who: ReportSubject | null) => {
    follow?.stop();
    subject = who;
    checkStep.hide();
    form.form.hidden = true;
    byId('tab-single').click();
    showResult(intake);
    result.focus();
    if (hasPending(intake)) follow = followIntake(readIntake(intake.id), showResult);
  };
  // A reload (or a bookmark) with a report in the address shows that report.
  const reopened = reportInAddress();
  if (reopened) {
    void readIntake(reopened)().then((intake) => {
      if (!intake) return notice(pageNotice, '找不到地址中的这条上报（它可能不属于本社区）。可在“上报记录”中按编号、身份证号或姓名查找。');
      openReport(intake, null);
    });
  }

  // Back to the form, as the worker left it, to change something (or after a send that did not go through).
  const backToForm = () => {
    checkStep.hide();
    form.form.hidden = false;
  };
  const checkStep = new CheckStep(() => void send(), () => {
    backToForm();
    submitButton.focus();
  });

  form.form.addEventListener('submit', (event) => {
    event.preventDefault();
    // A double tap: the first send carries on; once accepted, the form is put away until the next report.
    if (submission.busy || form.form.hidden) return;
    submitted = true;
    void checksLoaded.then(
      (check) => {
        if (submission.busy || form.form.hidden) return;
        const problems = problemsWith(check);
        if (problems.length > 0) {
          form.showErrors(problems);
          return;
        }
        form.clearErrors();
        notice(status, null);
        form.form.hidden = true;
        checkStep.show(form.read(access.community));
      },
      () => notice(status, CHECKS_NOT_LOADED),
    );
  });

  async function send(): Promise<void> {
    if (submission.busy) return;
    form.clearErrors();
    notice(pageNotice, null);
    checkStep.setBusy(true);
    const input = form.read(access.community);
    subject = { name: String(input.name ?? ''), idNumber: String(input.idNumber ?? '') };
    const outcome = await submission.submit(input);
    checkStep.setBusy(false);
    // Whatever the outcome, the check step is done: the result, or the form with what to do.
    backToForm();
    // Once the report is stored it must not come back as a draft to be sent again.
    if (outcome.kind === 'accepted' || outcome.kind === 'stored') draft.clear();
    switch (outcome.kind) {
      case 'accepted':
        form.form.hidden = true;
        showResult(outcome.intake);
        result.focus();
        if (hasPending(outcome.intake)) follow = followIntake(readIntake(outcome.intake.id), showResult);
        return;
      case 'stored':
        // Stored; only its progress could not be read: never a new report, follow this one.
        notice(pageNotice, storedMessage(outcome.intakeId), 'info');
        follow = followIntake(readIntake(outcome.intakeId), (intake) => {
          notice(pageNotice, null);
          form.form.hidden = true;
          showResult(intake);
        });
        return;
      case 'invalid':
        form.showErrors(fieldMessages(outcome.problems));
        return;
      case 'refused':
        notice(pageNotice, REFUSALS[outcome.code] ?? `上报未被接受（${outcome.code}），请稍后再试或联系社区办公室。`);
        if (outcome.code === 'UNAUTHENTICATED' || outcome.code === 'FORBIDDEN') {
          submitButton.disabled = true;
          forgetAccess(access);
        }
        pageNotice.scrollIntoView({ block: 'start' });
        return;
      case 'unconfirmed':
        notice(pageNotice, unconfirmedMessage(outcome.code, outcome.service));
        return;
    }
  }

  // The bulk import and the confirmation of QR reports need a worker's own sign-in, never a QR credential.
  if (access.qr) {
    byId('tab-import').hidden = true;
    byId('tab-review').hidden = true;
    byId('tab-attention').hidden = true;
    byId('tab-history').hidden = true;
  }
  setUpTabs({
    'tab-import': async (panel) => {
      const { mountImport } = await import('../import/main');
      mountImport(panel, access);
    },
    'tab-review': (panel) => mountReview(panel, call),
    'tab-attention': (panel) => mountAttention(panel, access.token),
    'tab-history': (panel) => mountHistory(panel, call, (report) => openReport(report, { name: report.change.name })),
  });
}

async function showCommunity(access: IntakeAccess): Promise<void> {
  const line = byId('community-name');
  const expiry = access.claims?.exp && access.qr ? ` · 二维码有效期至 ${shanghaiTime(new Date(access.claims.exp * 1000).toISOString())}` : '';
  line.textContent = `${access.communityName ?? `社区代码 ${access.community}`}${expiry}`;
  // A QR credential reads nothing but its own reports: the name comes from the printed link.
  if (access.qr) {
    if (access.communityName) document.title = `${access.communityName} · 人口变动上报`;
    return;
  }
  const res = await graphql<{ communities: Community[] }>(COMMUNITIES_QUERY, {}, { token: access.token, purpose: INTAKE_PURPOSE });
  const community = res.kind === 'data' ? res.data.communities.find((c) => c.code === access.community) : undefined;
  if (community) {
    line.textContent = `${community.name}（${community.street}）${expiry}`;
    document.title = `${community.name} · 人口变动上报`;
  }
}

function boot(): void {
  const access = accessFromLocation();
  if (access) return start(access);
  renderSignIn({
    container: byId('signin'),
    hint: '请用微信扫描社区办公室张贴的二维码打开本页。社区工作人员也可以粘贴本人的登录令牌。',
    refuse: (claims) => (claims.role === 'community' && claims.community ? null : '只有社区工作人员的令牌可以上报人口变动'),
    onSignedIn: (token, claims) => start(accessFromToken(token, claims)),
    providerHint: '请用微信扫描社区办公室张贴的二维码打开本页。社区工作人员请用本人的统一身份认证账号登录。',
    // People also open this page from a QR code: they are not sent to the staff sign-in unasked.
    automatic: false,
  });
}

boot();
