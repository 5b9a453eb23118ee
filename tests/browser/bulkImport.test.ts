/**
 * The monthly bulk import in a real browser: a spreadsheet with good and bad rows reports the
 * good ones once and lists the bad ones with Chinese reasons (the schema's and the server's);
 * the same file again adds nothing, even when the page cannot see what is already on record
 * (the keys derived from each row make the server answer the intakes it has).
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { shanghaiToday } from '../../domain/period';
import { parseCsv, toCsv } from '../../platform/csv';
import { consistentResidents } from '../../systems/seed/population';
import { RULE_MESSAGES } from '../../web/shared/messages';
import { COLUMNS, mangledIdMessage } from '../../web/import/rows';
import { ARTIFACTS, intakesOf, startPageStack, workerIntakePage, type PageStack } from './support';
import { withChromium } from '../support/environment';

const GUIHU = '510114001001';
const HEADER = ['变动类型', '身份证号', '姓名', '变动日期', '死亡地点', '死亡证明编号', '迁往地', '迁往地区划代码'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

jest.setTimeout(120_000);

withChromium('the monthly bulk import', () => {
  describe('the monthly bulk import', () => {
    let pages: PageStack;
    const today = shanghaiToday();
    const [a, b, c, d, e, f, h] = consistentResidents().filter((r) => r.community === GUIHU);
    const elsewhere = consistentResidents().find((r) => r.community !== GUIHU)!;
    const wrongCheck = d.idNumber.slice(0, 17) + (d.idNumber.endsWith('1') ? '2' : '1');
    const good = [a, b, c];
    const rows: unknown[][] = [
      ['死亡', a.idNumber, a.name, new Date(`${today}T00:00:00Z`), '新都区人民医院', 'D2026-0101', '', ''], // row 2
      ['迁出', b.idNumber, b.name, today.replace(/-/g, '/'), '', '', '成都市武侯区', '510107'], // row 3
      ['死亡', c.idNumber, c.name, today, '家中', '', '', ''], // row 4
      ['死亡', wrongCheck, d.name, today, '新都区人民医院', '', '', ''], // row 5: bad check character
      ['迁出', e.idNumber, e.name, today, '', '', '', ''], // row 6: no destination
      ['死亡', f.idNumber, '王不符', today, '新都区人民医院', '', '', ''], // row 7: the registry has another name
      ['死亡', elsewhere.idNumber, elsewhere.name, today, '新都区人民医院', '', '', ''], // row 8: another community's resident
      ['死亡', h.idNumber, h.name, '2999-01-01', '新都区人民医院', '', '', ''], // row 9: in the future
      ['死亡', a.idNumber, a.name, today, '新都区人民医院', 'D2026-0101', '', ''], // row 10: row 2 again
    ];

    async function workbook(): Promise<Buffer> {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('本月变动');
      sheet.addRow(HEADER);
      for (const row of rows) sheet.addRow(row);
      return Buffer.from(await book.xlsx.writeBuffer());
    }

    async function importFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<string> {
      await page.setInputFiles('#import-file', file);
      await page.getByRole('button', { name: '开始导入' }).click();
      const summary = page.locator('#import-summary');
      await summary.waitFor({ timeout: 60_000 });
      return (await summary.textContent())!;
    }

    const reasonsOf = (page: Page) =>
      page.locator('#import-bad-rows tbody tr').evaluateAll((trs) =>
        Object.fromEntries(trs.map((tr) => [tr.getAttribute('data-row'), Array.from(tr.querySelectorAll('.reasons li'), (li) => li.textContent)])),
      );

    beforeAll(async () => {
      pages = await startPageStack();
    }, 120_000);
    afterAll(() => pages?.close());

    it('reports the good rows once, lists the bad ones with reasons, and adds nothing when the same file comes again', async () => {
      const page = await workerIntakePage(pages, GUIHU);
      await page.getByRole('tab', { name: '月度批量导入' }).click();
      await page.locator('#import-file').waitFor();
      const xlsx = { name: '2026年本月人口变动.xlsx', mimeType: XLSX_TYPE, buffer: await workbook() };

      const first = pages.reports().length;
      expect(await importFile(page, xlsx)).toBe('新上报 3 行，此前已上报 0 行，有误 5 行，文件内重复 1 行。');
      expect(await page.locator('#import-count').textContent()).toBe('已处理全部 9 行');
      expect(await page.locator('#import-bar').evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([9, 9]);
      expect(await reasonsOf(page)).toEqual({
        '5': [`身份证号：${RULE_MESSAGES.checkCharacter}`],
        '6': ['迁往地：迁出上报请填写迁往地'],
        '7': [`姓名：${RULE_MESSAGES.nameMismatch}`],
        '8': [`身份证号：${RULE_MESSAGES.notRegistered}`],
        '9': ['变动日期：日期不能晚于今天'],
        '10': ['与第 2 行内容相同，只上报一次'],
      });
      await page.screenshot({ path: join(ARTIFACTS, 'bulk-import-phone.png'), fullPage: true });
      // Three good rows and the two only the server could judge were sent; each good row is one intake.
      const firstReports = pages.reports().slice(first);
      expect(firstReports).toHaveLength(5);
      for (const person of good) expect(intakesOf(pages.stack, [person.idNumber])).toBe(1);
      expect(intakesOf(pages.stack, [wrongCheck, e.idNumber, f.idNumber, elsewhere.idNumber, h.idNumber])).toBe(0);

      // The same file again: the rows on record are not sent at all.
      const second = pages.reports().length;
      expect(await importFile(page, xlsx)).toBe('新上报 0 行，此前已上报 3 行，有误 5 行，文件内重复 1 行。');
      expect(pages.reports().slice(second).map((p) => (p.variables.input as { idNumber: string }).idNumber).sort()).toEqual([f.idNumber, elsewhere.idNumber].sort());

      // The same rows as CSV, while the page cannot see what is on record (as when two uploads
      // race): they are sent, with the keys derived from their content, and the server answers
      // the intakes it already has.
      await page.route('**/graphql', async (route) => {
        if (!route.request().postData()?.includes('populationChanges')) return route.continue();
        const real = await route.fetch();
        return route.fulfill({ response: real, json: { data: { populationChanges: [] } } });
      });
      const csv = Buffer.from('\ufeff' + toCsv(HEADER, rows.map((r) => r.map((x) => (x instanceof Date ? today : String(x))))), 'utf8');
      const third = pages.reports().length;
      expect(await importFile(page, { name: '本月.csv', mimeType: 'text/csv', buffer: csv })).toBe('新上报 0 行，此前已上报 3 行，有误 5 行，文件内重复 1 行。');
      const keyOf = (p: { variables: Record<string, unknown> }) => (p.variables.input as { idempotencyKey: string; idNumber: string });
      const resent = pages.reports().slice(third).map(keyOf).filter((i) => good.some((g) => g.idNumber === i.idNumber));
      expect(resent).toHaveLength(3);
      for (const input of resent) expect(firstReports.map(keyOf).find((i) => i.idNumber === input.idNumber)!.idempotencyKey).toBe(input.idempotencyKey);
      for (const person of good) expect(intakesOf(pages.stack, [person.idNumber])).toBe(1);
      await page.context().close();
    });

    describe.each([
      { width: 'phone', phone: true, format: 'csv' },
      { width: 'desk', phone: false, format: 'xlsx' },
    ] as const)('a list in the common layout at $width width ($format)', ({ width, phone, format }) => {
      // The usual death list: no kind column (the page's default says 死亡), the ID column named
      // 公民身份号码, one ID typed with full-width digits, one Excel turned into 5.10114E+17.
      // Residents no other test reports, half for each width; one with an X to type full-width if there is one.
      const mine = consistentResidents().filter((r) => r.community === GUIHU).slice(8).filter((_, i) => i % 2 === (phone ? 0 : 1));
      const typedFullWidth = mine.find((r) => r.idNumber.endsWith('X')) ?? mine[0];
      // Excel's number cell can only hold an ID number of digits.
      const mangled = mine.find((r) => r !== typedFullWidth && !r.idNumber.endsWith('X'))!;
      const plain = mine.find((r) => r !== typedFullWidth && r !== mangled)!;
      const fullWidth = (text: string) => text.replace(/[0-9X]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
      const LIST_HEADER = ['序号', '姓名', '性别', '公民身份号码', '死亡日期', '死亡地点', '备注'];
      const sexOf = (id: string) => (Number(id[16]) % 2 ? '男' : '女');

      async function listFile(rows: unknown[][], name: string) {
        if (format === 'csv') {
          return { name: `${name}.csv`, mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + toCsv(LIST_HEADER, rows.map((r) => r.map(String))), 'utf8') };
        }
        const book = new ExcelJS.Workbook();
        const sheet = book.addWorksheet('死亡名单');
        sheet.addRow(LIST_HEADER);
        for (const row of rows) sheet.addRow(row);
        return { name: `${name}.xlsx`, mimeType: XLSX_TYPE, buffer: Buffer.from(await book.xlsx.writeBuffer()) };
      }

      it('reports the good rows with their references, explains the mangled ID number, and takes the fixed refused row back', async () => {
        const page = await workerIntakePage(pages, GUIHU, { phone });
        await page.getByRole('tab', { name: '月度批量导入' }).click();
        await page.locator('#import-file').waitFor();

        // The template: the template's columns, its ID column formatted as text.
        const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载导入模板/ }).click()]);
        expect(template.suggestedFilename()).toBe('人口变动导入模板.xlsx');
        const templateBook = new ExcelJS.Workbook();
        await templateBook.xlsx.load(readFileSync((await template.path())!) as unknown as ArrayBuffer);
        const templateSheet = templateBook.worksheets[0];
        expect((templateSheet.getRow(1).values as unknown[]).slice(1)).toEqual(COLUMNS.map((c) => c.title));
        expect(templateSheet.getColumn(2).numFmt).toBe('@');

        // Excel's number cell in an XLSX, Excel's text of it in a CSV.
        const mangledCell = format === 'xlsx' ? Number(mangled.idNumber) : '5.10114E+17';
        const rows = [
          [1, typedFullWidth.name, sexOf(typedFullWidth.idNumber), fullWidth(typedFullWidth.idNumber), today, '新都区人民医院', ''],
          [2, mangled.name, sexOf(mangled.idNumber), mangledCell, today, '家中', ''],
          [3, plain.name, sexOf(plain.idNumber), plain.idNumber, today, '家中', '社区核实'],
        ];
        const file = await listFile(rows, '死亡名单');
        await page.setInputFiles('#import-file', file);
        await page.getByRole('button', { name: '开始导入' }).click();
        await page.locator('#import-file-error', { hasText: '缺少这些列：变动类型' }).waitFor();
        await page.getByLabel(/没有“变动类型”列时/).selectOption('DEATH');
        expect(await importFile(page, file)).toBe('新上报 2 行，此前已上报 0 行，有误 1 行。');
        expect(await reasonsOf(page)).toEqual({ '3': [`身份证号：${mangledIdMessage('5.10114E+17')}`] });

        // The reported rows, each with its reference: the intake the graph holds for that person.
        const reported = await page.locator('#import-reported-rows tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-row'), tr.querySelector('.reference')?.textContent ?? null]));
        expect(reported.map(([row]) => row)).toEqual(['2', '4']);
        const token = await pages.stack.token('community', GUIHU);
        for (const [[, reference], person] of [[reported[0], typedFullWidth], [reported[1], plain]] as const) {
          const res = await pages.stack.query<{ intake: { change: { name: string; kind: string } } | null }>('query($id: ID!) { intake(id: $id) { change { name kind } } }', { id: reference }, token);
          expect(res.data!.intake!.change).toEqual({ name: person.name, kind: 'DEATH' });
        }
        expect(intakesOf(pages.stack, [typedFullWidth.idNumber])).toBe(1);
        expect(intakesOf(pages.stack, [mangled.idNumber])).toBe(0);
        await page.screenshot({ path: join(ARTIFACTS, `bulk-import-common-layout-${width}.png`), fullPage: true });

        // The refused row, downloaded with its reason, fixed, and imported again.
        const [refused] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载未上报的行（Excel）' }).click()]);
        const refusedBook = new ExcelJS.Workbook();
        await refusedBook.xlsx.load(readFileSync((await refused.path())!) as unknown as ArrayBuffer);
        const refusedSheet = refusedBook.worksheets[0];
        const refusedHeader = (refusedSheet.getRow(1).values as unknown[]).slice(1) as string[];
        expect(refusedHeader).toEqual([...COLUMNS.map((c) => c.title), '原行号', '未上报原因']);
        expect(refusedSheet.rowCount).toBe(2);
        const refusedRow = (refusedSheet.getRow(2).values as unknown[]).slice(1);
        const cell = (title: string) => refusedRow[refusedHeader.indexOf(title)];
        expect([cell('变动类型'), cell('姓名'), cell('死亡地点'), cell('原行号'), cell('未上报原因')]).toEqual(['死亡', mangled.name, '家中', 3, `身份证号：${mangledIdMessage('5.10114E+17')}`]);
        expect(refusedSheet.getColumn(refusedHeader.indexOf('身份证号') + 1).numFmt).toBe('@');
        const [refusedCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载未上报的行（CSV）' }).click()]);
        const [csvHeader, ...csvRows] = parseCsv(readFileSync((await refusedCsv.path())!, 'utf8'));
        expect(csvRows.map((r) => r[csvHeader.indexOf('未上报原因')])).toEqual([`身份证号：${mangledIdMessage('5.10114E+17')}`]);

        refusedSheet.getRow(2).getCell(refusedHeader.indexOf('身份证号') + 1).value = mangled.idNumber; // typed again, into the text column
        const fixed = { name: '未上报的行-已改正.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(await refusedBook.xlsx.writeBuffer()) };
        expect(await importFile(page, fixed)).toBe('新上报 1 行，此前已上报 0 行，有误 0 行。');
        expect(intakesOf(pages.stack, [mangled.idNumber])).toBe(1);
        await page.context().close();
      });
    });

    it('says which required columns a file lacks, and sends nothing', async () => {
      const page = await workerIntakePage(pages, GUIHU);
      await page.getByRole('tab', { name: '月度批量导入' }).click();
      const before = pages.posts.length;
      await page.setInputFiles('#import-file', { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名,日期\r\n张三,2026-01-01\r\n') });
      await page.getByRole('button', { name: '开始导入' }).click();
      await page.locator('#import-file-error', { hasText: '第一行缺少这些列：变动类型、身份证号' }).waitFor();
      expect(await page.locator('#import-file').getAttribute('aria-invalid')).toBe('true');
      expect(pages.posts.slice(before).filter((p) => p.operation !== 'communities')).toEqual([]);
      await page.context().close();
    });
  });
});
