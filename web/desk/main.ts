/**
 * The department desk (/desk): a clerk signs in with the department's token, picks a period and
 * sees the department's forms, and downloads them as XLSX or CSV (the gateway's /exports, the
 * same token). Above them, "需要处理": the department's deliveries that failed or are overdue, with
 * a retry button (web/shared/attention.ts). Supervision also sees the benefit anomalies.
 * Late reports: forms made since the department last looked are marked 新 (a download, or
 * 标记为已查看, moves the mark); the list can go by the date reported and by community, and a clerk
 * marks forms handled and shows only those not yet handled.
 */
import '../shared/zodSetup';
import { FORM_TYPES, FORMS } from '../../domain/forms';
import { SYSTEMS, type SystemName } from '../../domain/systems';
import { byId, notice } from '../shared/dom';
import { downloadWithToken } from '../shared/download';
import { errorCode, graphql, type GraphQLOutcome } from '../shared/graphql';
import { readClaims, type TokenClaims } from '../shared/jwt';
import { fieldMessages, type FieldMessage } from '../shared/messages';
import { ROLE_LABELS } from '../shared/labels';
import { staffToken } from '../shared/session';
import { showAttention } from '../shared/attention';
import { renderSignIn, showAccount, signOut } from '../shared/signIn';
import { ACKNOWLEDGE_FORMS_MUTATION, ANOMALIES_QUERY, COMMUNITIES_QUERY, FORMS_QUERY, MARK_HANDLED_MUTATION, type FormRow } from '../../contract/pageOperations';
import { renderAnomalies, type Anomaly } from './anomalies';
import { formsSummary, newSummary, renderForms } from './forms';
import { paperForm } from './paperForm';
import { exportQuery, readPeriod } from './period';

const FORMS_PURPOSE = 'department-forms';
const ANOMALIES_PURPOSE = 'benefit-reconciliation';
const DEPARTMENT_ROLES = ['civil-affairs', 'hrss', 'health', 'community', 'supervision'];

function signIn(message: string | null = null): void {
  byId('workspace').hidden = true;
  byId('who').textContent = '';
  renderSignIn(
    {
      container: byId('signin'),
      hint: '粘贴本部门的登录令牌（由系统管理员发放）。令牌只保存在这个浏览器标签页中，关闭即退出。',
      refuse: (claims) => (claims.role && DEPARTMENT_ROLES.includes(claims.role) && !claims.sub?.startsWith('qr:') ? null : '这不是部门的登录令牌'),
      onSignedIn: (token, claims) => {
        staffToken.save(token);
        start(token, claims);
      },
    },
    message,
  );
}

function start(token: string, claims: TokenClaims): void {
  byId('signin').hidden = true;
  byId('workspace').hidden = false;
  const role = claims.role ?? '';
  byId('who').textContent = `${ROLE_LABELS[role] ?? role}${claims.community ? ` · 社区 ${claims.community}` : ''}`;
  showAccount(() => signIn());
  const pageNotice = byId('notice');
  const form = byId<HTMLFormElement>('period-form');
  const typeSelect = byId<HTMLSelectElement>('form-type');
  typeSelect.replaceChildren(new Option('全部表单', ''));
  for (const type of FORM_TYPES) {
    if (role === 'supervision' || FORMS[type].department === role) typeSelect.append(new Option(`表${FORMS[type].number} ${FORMS[type].title}`, type));
  }
  // Supervision reads the marks and never sets them (acknowledgeForms, markFormsHandled refuse it).
  const marks = role !== 'supervision';
  const communitySelect = byId<HTMLSelectElement>('community');
  // A community worker lists their own community only: the choice is theirs, fixed.
  if (claims.community) {
    communitySelect.replaceChildren(new Option(`本社区 ${claims.community}`, claims.community));
    communitySelect.disabled = true;
  }
  const choice = (name: string, fallback: string) => (form.querySelector(`input[name="${name}"]:checked`) as HTMLInputElement | null)?.value ?? fallback;
  const listOptions = () => ({ by: choice('by', 'EFFECTIVE'), community: communitySelect.value || undefined });

  /** A refusal of the whole request: an expired token signs out, a missing right is said. */
  const refused = (outcome: GraphQLOutcome<unknown>): boolean => {
    const code = errorCode(outcome);
    if (code === 'UNAUTHENTICATED') {
      staffToken.forget();
      signIn('登录已过期或令牌无效，请重新登录。');
      return true;
    }
    if (code === 'FORBIDDEN') {
      notice(pageNotice, '您的账号无权查看这些内容。');
      return true;
    }
    return false;
  };

  const showPeriodErrors = (problems: FieldMessage[]) => {
    for (const field of ['from', 'to', 'preset']) {
      const message = problems.find((p) => p.field === field)?.message ?? null;
      notice(byId(`${field}-error`), message);
      const input = document.getElementById(field);
      if (input && message) input.setAttribute('aria-invalid', 'true');
      else input?.removeAttribute('aria-invalid');
    }
  };

  const showForms = async () => {
    notice(pageNotice, null);
    const period = readPeriod(form);
    if (!period.ok) return showPeriodErrors(period.problems);
    showPeriodErrors([]);
    const summary = byId('forms-summary');
    summary.textContent = '正在读取…';
    const options = listOptions();
    const res = await graphql<{ forms: FormRow[]; formsAcknowledgedUpTo: string | null }>(
      FORMS_QUERY,
      { period: period.input, type: typeSelect.value || null, by: options.by, community: options.community ?? null },
      { token, purpose: FORMS_PURPOSE },
    );
    if (res.kind === 'data') {
      const listed = res.data.forms;
      const forms = choice('handled', 'ALL') === 'OPEN' ? listed.filter((f) => f.handledAt === null) : listed;
      renderForms(byId('forms-list'), forms, { onPrint: (f) => openPaper([f], period.label), onHandled: marks ? (f, handled) => void markHandled(f, handled) : undefined });
      byId('new-count').textContent = newSummary(listed, res.data.formsAcknowledgedUpTo);
      // Up to the newest form shown: one that arrives meanwhile stays new.
      const newest = listed.map((f) => f.createdAt).reduce<string | null>((a, b) => (a && a > b ? a : b), null);
      const acknowledge = byId<HTMLButtonElement>('acknowledge');
      acknowledge.hidden = !marks || !listed.some((f) => f.isNew);
      acknowledge.onclick = () => void acknowledgeUpTo(newest);
      byId('print-all').hidden = forms.length === 0;
      byId('print-all').onclick = () => openPaper(forms, period.label);
      summary.textContent = formsSummary(forms, period.label);
      return;
    }
    summary.textContent = '';
    if (refused(res)) return;
    if (errorCode(res) === 'BAD_USER_INPUT') return showPeriodErrors(fieldMessages(res.kind === 'errors' ? (res.errors[0].extensions?.fields ?? []) : []));
    notice(pageNotice, '暂时无法读取表单，请稍后再试。');
  };

  const acknowledgeUpTo = async (upTo: string | null) => {
    if (!upTo) return;
    const res = await graphql(ACKNOWLEDGE_FORMS_MUTATION, { upTo }, { token, purpose: FORMS_PURPOSE });
    if (res.kind === 'data') return showForms();
    if (!refused(res)) notice(pageNotice, '暂时无法标记为已查看，请稍后再试。');
  };

  const markHandled = async (f: FormRow, handled: boolean) => {
    const res = await graphql(MARK_HANDLED_MUTATION, { ids: [f.id], handled }, { token, purpose: FORMS_PURPOSE });
    if (res.kind === 'data') return showForms();
    if (!refused(res)) notice(pageNotice, '暂时无法标记处理情况，请稍后再试。');
  };

  const showCommunities = async () => {
    if (claims.community) return;
    const res = await graphql<{ communities: { code: string; name: string }[] }>(COMMUNITIES_QUERY, {}, { token, purpose: FORMS_PURPOSE });
    if (res.kind === 'data') communitySelect.append(...res.data.communities.map((c) => new Option(`${c.name}（${c.code}）`, c.code)));
  };

  /** The forms as their paper forms, in place of the workspace, ready to print (one a page); 返回 goes back. */
  const openPaper = (forms: FormRow[], periodLabel: string) => {
    byId('paper-forms').replaceChildren(...forms.map((f) => paperForm(f, periodLabel)));
    byId('workspace').hidden = true;
    byId('print-view').hidden = false;
    byId('print-view').focus();
  };
  byId('print-now').onclick = () => window.print();
  byId('print-back').onclick = () => {
    byId('print-view').hidden = true;
    byId('workspace').hidden = false;
  };

  const download = async (format: 'xlsx' | 'csv') => {
    const period = readPeriod(form);
    if (!period.ok) return showPeriodErrors(period.problems);
    const status = byId('download-status');
    status.textContent = '正在生成文件…';
    const outcome = await downloadWithToken(`/exports/forms.${format}?${exportQuery(period.input, typeSelect.value, listOptions())}`, token, FORMS_PURPOSE, `forms.${format}`);
    if (outcome.ok) {
      status.textContent = `已下载 ${outcome.fileName}`;
      // The download recorded what the department has seen: the 新 marks change.
      void showForms();
    }
    else if (outcome.status === 401) {
      staffToken.forget();
      signIn('登录已过期或令牌无效，请重新登录。');
    } else status.textContent = outcome.status === 403 ? '您的账号无权下载这些表单。' : '下载失败，请稍后再试。';
  };

  const showAnomalies = async () => {
    const section = byId('anomalies');
    section.hidden = false;
    const summary = byId('anomalies-summary');
    summary.textContent = '正在核对各部门系统…';
    const res = await graphql<{ benefitAnomalies: Anomaly[] }>(ANOMALIES_QUERY, {}, { token, purpose: ANOMALIES_PURPOSE });
    if (res.kind === 'data') summary.textContent = renderAnomalies(byId('anomalies-list'), res.data.benefitAnomalies);
    else if (!refused(res)) summary.textContent = '暂时无法完成核对（有部门系统未响应），请稍后再试。';
  };

  // Retry is retryDelivery's rule: a department its own systems, a community worker its reports; supervision reads only.
  const mayRetry = (system: SystemName) => role === 'community' || SYSTEMS[system].department === role;
  const showNeedsAttention = async () => {
    const summary = byId('attention-summary');
    summary.textContent = '正在读取…';
    summary.textContent = await showAttention(byId('attention-items'), { token, mayRetry, refused });
  };

  form.onchange = (event) => {
    if ((event.target as HTMLInputElement).name === 'preset') byId('dates').hidden = !byId<HTMLInputElement>('preset-dates').checked;
  };
  form.onsubmit = (event) => {
    event.preventDefault();
    void showForms();
  };
  byId('attention-refresh').onclick = () => void showNeedsAttention();
  byId('download-xlsx').onclick = () => void download('xlsx');
  byId('download-csv').onclick = () => void download('csv');
  byId('sign-out').onclick = () => void signOut().then(() => signIn());
  void showCommunities();
  void showForms();
  void showNeedsAttention();
  if (role === 'supervision') void showAnomalies();
  else byId('anomalies').hidden = true;
}

const saved = staffToken.load();
const claims = saved ? readClaims(saved) : null;
if (saved && claims) start(saved, claims);
else signIn();
