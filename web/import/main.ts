/**
 * The monthly bulk import panel of the intake page: choose the month's spreadsheet, see every
 * row checked, the good ones reported with a progress bar, and a list of the rows that were not,
 * each with its reasons, then which reported rows are still pending or failed in a department
 * system (deliveryStatus.ts). Loaded on demand from web/intake/main.ts.
 */
import { maskIdNumber } from '../../domain/idNumber';
import { h, notice } from '../shared/dom';
import { saveBlob } from '../shared/download';
import { graphql } from '../shared/graphql';
import { IMPORT_ROW_MUTATION, RECORDED_CHANGES_QUERY } from '../../contract/pageOperations';
import type { IntakeAccess } from '../intake/credential';
import { INTAKE_PURPOSE } from '../intake/queries';
import { readSheet, UnreadableFile } from './readFile';
import { COLUMNS, readTable, type ColumnKey } from './rows';
import { refusedCsv, refusedWorkbook, templateWorkbook } from './spreadsheets';
import { runImport, type RowOutcome, type RowStatus } from './run';
import { deliveryStatusSection } from './deliveryStatus';


const STATUS_LABELS: Record<RowStatus, string> = {
  reported: '已上报',
  alreadyReported: '此前已上报',
  duplicate: '文件内重复',
  invalid: '有误',
  failed: '未能确认',
  notSent: '未上报',
};

const STOPPED: Record<string, string> = {
  UNAUTHENTICATED: '二维码或登录已过期，导入已停止。请重新扫描社区二维码后再导入同一文件（已上报的行不会重复）。',
  FORBIDDEN: '这个二维码不属于本社区，导入已停止。',
};

/** A button that builds a file in the page and saves it (exceljs is loaded on the first click). */
function fileButton(id: string, label: string, name: string, build: () => Blob | Promise<Blob>): HTMLButtonElement {
  const button = h('button', { type: 'button', id }, label);
  button.onclick = async () => saveBlob(await build(), name);
  return button;
}

const shownId = (idNumber: string) => (idNumber.length === 18 ? maskIdNumber(idNumber.toUpperCase()) : idNumber);

/** The rows reported (now or before) with the reference of each, so a worker can answer "was this one sent?". */
function reportedRowsTable(outcomes: RowOutcome[]): HTMLElement {
  return h(
    'table',
    { id: 'import-reported-rows', class: 'rows' },
    h('caption', {}, '已上报的行'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '行号'), h('th', { scope: 'col' }, '姓名'), h('th', { scope: 'col' }, '上报编号'))),
    h(
      'tbody',
      {},
      outcomes.map((o) =>
        h(
          'tr',
          { 'data-row': o.row, 'data-status': o.status },
          h('td', {}, String(o.row)),
          h('td', {}, o.name, h('span', { class: 'muted block' }, shownId(o.idNumber))),
          h('td', {}, o.intakeId ? h('span', { class: 'reference' }, o.intakeId) : '此前已上报', ' ', h('span', { class: `badge badge-${o.status}` }, STATUS_LABELS[o.status])),
        ),
      ),
    ),
  );
}

function badRowsTable(outcomes: RowOutcome[]): HTMLElement {
  return h(
    'table',
    { id: 'import-bad-rows', class: 'rows' },
    h('caption', {}, '未上报的行'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '行号'), h('th', { scope: 'col' }, '姓名'), h('th', { scope: 'col' }, '原因'))),
    h(
      'tbody',
      {},
      outcomes.map((o) =>
        h(
          'tr',
          { 'data-row': o.row, 'data-status': o.status },
          h('td', {}, String(o.row)),
          h('td', {}, o.name || '（空）', o.idNumber ? h('span', { class: 'muted block' }, shownId(o.idNumber)) : null),
          h('td', {}, h('span', { class: `badge badge-${o.status}` }, STATUS_LABELS[o.status]), h('ul', { class: 'reasons' }, o.reasons.map((r) => h('li', {}, r)))),
        ),
      ),
    ),
  );
}

export function mountImport(panel: HTMLElement, access: IntakeAccess): void {
  const call = { token: access.token, purpose: INTAKE_PURPOSE };
  const fileInput = h('input', { type: 'file', id: 'import-file', accept: '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv', 'aria-describedby': 'import-file-hint import-file-error' });
  const fileError = h('p', { id: 'import-file-error', class: 'error', hidden: true });
  const defaultKind = h(
    'select',
    { id: 'import-default-kind', 'aria-describedby': 'import-default-kind-hint' },
    h('option', { value: '' }, '（文件中有“变动类型”列）'),
    h('option', { value: 'DEATH' }, '死亡'),
    h('option', { value: 'MOVED_OUT' }, '迁出'),
  );
  const start = h('button', { type: 'submit', id: 'import-start', class: 'primary' }, '开始导入');
  const bar = h('progress', { id: 'import-bar', max: 1, value: 0, 'aria-labelledby': 'import-count' });
  const count = h('p', { id: 'import-count', role: 'status', 'aria-live': 'polite' });
  const progress = h('div', { id: 'import-progress', hidden: true }, bar, count);
  const results = h('div', { id: 'import-result' });
  const form = h(
    'form',
    { id: 'import-form', class: 'card', novalidate: true },
    h('h2', {}, '月度批量导入'),
    h('p', { class: 'hint' }, '上传本月的人口变动表（Excel .xlsx 或 CSV，第一行为列名）。每一行都会先检查；有误的行会列出原因，正确的行逐条上报。同一个文件重复上传不会重复上报。'),
    h('p', {}, fileButton('import-template', '下载导入模板（Excel，身份证号列为文本格式）', '人口变动导入模板.xlsx', templateWorkbook)),
    h('label', { for: 'import-file' }, '选择文件'),
    h(
      'p',
      { id: 'import-file-hint', class: 'hint' },
      `必填列：${COLUMNS.filter((c) => c.required).map((c) => c.title).join('、')}（也认“身份证号码”“公民身份号码”“死亡日期”“迁出日期”“类型”等常用列名）；死亡须填死亡地点，迁出须填迁往地`,
    ),
    fileInput,
    fileError,
    h('label', { for: 'import-default-kind' }, '没有“变动类型”列时，全部按'),
    h('p', { id: 'import-default-kind-hint', class: 'hint' }, '只有死亡（或只有迁出）的名单可以不要“变动类型”列，在这里选择即可'),
    defaultKind,
    start,
    progress,
  );
  panel.replaceChildren(form, results);
  let valuesByRow = new Map<number, Record<ColumnKey, string>>();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = fileInput.files?.[0];
    notice(fileError, null);
    fileInput.removeAttribute('aria-invalid');
    if (!file) return fail('请先选择要导入的文件');
    start.disabled = true;
    results.replaceChildren();
    try {
      const sheet = await readSheet(file);
      const chosenKind = defaultKind.value === 'DEATH' || defaultKind.value === 'MOVED_OUT' ? defaultKind.value : undefined;
      const table = readTable(sheet.cells, access.community, { rowNumbers: sheet.rowNumbers, defaultKind: chosenKind });
      if (table.missingColumns.length > 0) {
        const kindHint = table.missingColumns.includes('变动类型') ? '（只有死亡或只有迁出的名单，可在下方选择默认变动类型）' : '';
        return fail(`第一行缺少这些列：${table.missingColumns.join('、')}${kindHint}。请使用导入模板的列名。`);
      }
      valuesByRow = new Map(table.rows.map((r) => [r.row, r.values]));
      if (table.rows.length === 0) return fail('文件里没有数据行');
      progress.hidden = false;
      const result = await runImport(table.rows, {
        report: (input) => graphql(IMPORT_ROW_MUTATION, { input }, { ...call, signal: AbortSignal.timeout(30_000) }),
        recorded: (range) => graphql(RECORDED_CHANGES_QUERY, { period: range }, call),
        onProgress: (done, total) => {
          bar.max = total;
          bar.value = done;
          count.textContent = done < total ? `正在处理 ${done} / ${total} 行…` : `已处理全部 ${total} 行`;
        },
      });
      showResult(result.outcomes, result.stoppedBy);
    } catch (err) {
      if (err instanceof UnreadableFile) return fail(err.message);
      throw err;
    } finally {
      start.disabled = false;
    }
  });

  function fail(message: string): void {
    notice(fileError, message);
    fileInput.setAttribute('aria-invalid', 'true');
    fileInput.focus();
  }

  function showResult(outcomes: RowOutcome[], stoppedBy: string | null): void {
    const countOf = (status: RowStatus) => outcomes.filter((o) => o.status === status).length;
    const isReported = (o: RowOutcome) => o.status === 'reported' || o.status === 'alreadyReported';
    const notReported = outcomes.filter((o) => !isReported(o));
    const reportedRows = outcomes.filter(isReported);
    // The refused rows to fix and upload again: not the repeats of a row that was reported.
    const toFix = notReported.filter((o) => o.status !== 'duplicate');
    const stamp = new Date().toISOString().slice(0, 10);
    const summary = h(
      'p',
      { id: 'import-summary', class: 'status-line' },
      `新上报 ${countOf('reported')} 行，此前已上报 ${countOf('alreadyReported')} 行，有误 ${countOf('invalid')} 行`,
      countOf('duplicate') ? `，文件内重复 ${countOf('duplicate')} 行` : '',
      countOf('failed') + countOf('notSent') ? `，未完成 ${countOf('failed') + countOf('notSent')} 行` : '',
      '。',
    );
    results.replaceChildren(
      h('section', { class: 'card', 'aria-labelledby': 'import-result-title' },
        h('h2', { id: 'import-result-title', tabindex: -1 }, '导入结果'),
        stoppedBy ? h('p', { class: 'notice', 'data-tone': 'error', role: 'alert' }, STOPPED[stoppedBy] ?? `导入已停止（${stoppedBy}）。`) : null,
        summary,
        notReported.length > 0 ? badRowsTable(notReported) : h('p', {}, '所有行都已上报。'),
        toFix.length > 0
          ? h(
              'div',
              { class: 'actions' },
              h('p', { class: 'hint' }, '下载未上报的行（含原因），改正后可直接重新导入；已上报的行不会重复上报。'),
              fileButton('import-refused-xlsx', '下载未上报的行（Excel）', `未上报的行-${stamp}.xlsx`, () => refusedWorkbook(toFix, valuesByRow)),
              fileButton('import-refused-csv', '下载未上报的行（CSV）', `未上报的行-${stamp}.csv`, () => refusedCsv(toFix, valuesByRow)),
            )
          : null,
        reportedRows.length > 0 ? reportedRowsTable(reportedRows) : null,
      ),
      // Reported is not yet delivered: which rows are still pending or failed in a department system.
      countOf('reported') > 0 ? deliveryStatusSection(outcomes, call) : '',
    );
    (results.querySelector('#import-result-title') as HTMLElement).focus();
  }
}
