/**
 * The monthly bulk import in a real browser: a spreadsheet with good and bad rows reports the
 * good ones once and lists the bad ones with Chinese reasons (the schema's and the server's);
 * the same file again adds nothing, even when the page cannot see what is already on record
 * (the keys derived from each row make the server answer the intakes it has).
 */
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { shanghaiToday } from '../../domain/period';
import { toCsv } from '../../platform/csv';
import { consistentResidents } from '../../systems/seed/population';
import { RULE_MESSAGES } from '../../web/shared/messages';
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
