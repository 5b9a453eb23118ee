/**
 * The pages for offices, in a real browser: the department desk shows and downloads a
 * department's forms for a chosen period (the XLSX read back with exceljs), supervision sees
 * the benefit anomalies, and a community office prints its QR code with the community's name.
 */
import { RECONCILIATION_SYSTEM_TIMEOUT_MS } from '../support/stack';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseCsv } from '../../platform/csv';
import { mintIntakeCredential } from '../../platform/auth/intakeCredential';
import { DEVELOPMENT_JWT_SECRET } from '../../platform/auth/tokens';
import { consistentResidents } from '../../systems/seed/population';
import { FORM_TYPES, FORMS } from '../../domain/forms';
import { beijingTime } from '../../domain/forms/labels';
import { resolvePeriod } from '../../domain/period';
import { deathOf, report } from '../support/reports';
import { ARTIFACTS, startPageStack, type PageStack } from './support';
import { withChromium } from '../support/environment';

const GUIHU = '510114001001';

jest.setTimeout(120_000);

withChromium('pages for the offices', () => {
  describe('pages for the offices', () => {
    let pages: PageStack;
    const person = consistentResidents().find((r) => r.socialAssistance.subsistenceAllowance && !r.socialAssistance.specialHardship && r.elderlyDisability.elderlySubsidy && !r.elderlyDisability.disabilitySubsidy)!;

    beforeAll(async () => {
      pages = await startPageStack({ systemTimeoutMs: RECONCILIATION_SYSTEM_TIMEOUT_MS });
      const res = await report(pages.stack, deathOf(person));
      expect(res.data!.reportPopulationChange.status).toBe('COMPLETE');
    }, 120_000);
    afterAll(() => pages?.close());

    async function signIn(page: Page, path: string, token: string): Promise<void> {
      await page.goto(`${pages.url}${path}`);
      await page.getByLabel('登录令牌').fill(token);
      await page.getByRole('button', { name: '登录' }).click();
    }

    const shownForms = (page: Page) => page.locator('#forms li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-form-type'), li.getAttribute('data-form-id')]));

    it("shows civil affairs its forms for a chosen period and downloads them; the XLSX opens with the period's rows", async () => {
      const page = await pages.page({ phone: false });
      await signIn(page, '/desk', await pages.stack.token('civil-affairs'));
      await page.locator('#who', { hasText: '民政部门' }).waitFor();
      await page.locator('#forms-summary', { hasText: '本月' }).waitFor();
      const thisMonth = await shownForms(page);
      expect(thisMonth.map(([type]) => type).sort()).toEqual(['ELDERLY_SUBSIDY_REDUCTION', 'SUBSISTENCE_ALLOWANCE_CANCELLATION']);
      expect(pages.posts.filter((p) => p.operation === 'forms').every((p) => p.purpose === 'department-forms')).toBe(true);

      // Dates of another year: nothing. Dates the wrong way round: said at the field, nothing asked.
      await page.getByLabel('指定日期').check();
      await page.getByLabel('开始日期').fill('2020-01-01');
      await page.getByLabel('结束日期').fill('2020-12-31');
      await page.getByRole('button', { name: '查看表单' }).click();
      await page.locator('#forms-empty').waitFor();
      const asked = pages.posts.length;
      await page.getByLabel('开始日期').fill('2020-12-31');
      await page.getByLabel('结束日期').fill('2020-01-01');
      await page.getByRole('button', { name: '查看表单' }).click();
      await page.locator('#to-error', { hasText: '结束日期不能早于开始日期' }).waitFor();
      expect(pages.posts.length).toBe(asked);

      // This quarter, then the downloads.
      await page.getByLabel('本季度').check();
      await page.getByRole('button', { name: '查看表单' }).click();
      await page.locator('#forms-summary', { hasText: '本季度' }).waitFor();
      expect(await shownForms(page)).toEqual(thisMonth);
      await page.screenshot({ path: join(ARTIFACTS, 'desk-civil-affairs.png'), fullPage: true });

      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 Excel' }).click()]);
      const quarter = resolvePeriod({ preset: 'THIS_QUARTER' });
      expect(xlsx.suggestedFilename()).toBe(`民政部门-表单-${quarter.from}至${quarter.to}.xlsx`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['汇总', '最低生活保障注销审批表', '高龄老人津贴核减表']);
      const rowsOf = (sheetName: string) => {
        const sheet = workbook.getWorksheet(sheetName)!;
        const header = (sheet.getRow(1).values as unknown[]).slice(1);
        return Array.from({ length: sheet.rowCount - 1 }, (_, i) => {
          const values = (sheet.getRow(i + 2).values as unknown[]).slice(1);
          return Object.fromEntries(header.map((h, j) => [h, values[j]]));
        });
      };
      const sheetRows = [...rowsOf('最低生活保障注销审批表'), ...rowsOf('高龄老人津贴核减表')];
      const typeOf = (title: unknown) => FORM_TYPES.find((t) => FORMS[t].title === title);
      expect(sheetRows.map((r) => [typeOf(r['表单名称']), r['表单编号']]).sort()).toEqual([...thisMonth].sort());
      for (const row of sheetRows) expect(row).toMatchObject({ 身份证号: person.idNumber, 姓名: person.name, 部门: '民政部门', 变动类型: '死亡' });

      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 CSV' }).click()]);
      expect(csv.suggestedFilename()).toBe(`民政部门-表单-${quarter.from}至${quarter.to}.csv`);
      const [header, ...records] = parseCsv(readFileSync((await csv.path())!, 'utf8'));
      expect(records.map((r) => typeOf(r[header.indexOf('表单名称')])).sort()).toEqual(['ELDERLY_SUBSIDY_REDUCTION', 'SUBSISTENCE_ALLOWANCE_CANCELLATION']);
      await page.context().close();
    });

    it('opens a form as its paper form at desk width, in Beijing time on a machine in another zone, one form a printed page', async () => {
      // A clerk's machine set to another zone: the form still reads Beijing time.
      const context = await pages.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'America/New_York' });
      const page = await context.newPage();
      await signIn(page, '/desk', await pages.stack.token('civil-affairs'));
      await page.locator('#forms-summary', { hasText: '本月' }).waitFor();
      const card = page.locator('li[data-form-type="SUBSISTENCE_ALLOWANCE_CANCELLATION"]');
      await card.locator('summary').click();
      await expect(card.locator('dd').allTextContents()).resolves.toContain('死亡');
      await card.getByRole('button', { name: '打开纸质表' }).click();

      const paper = page.locator('#print-view .paper-form');
      await paper.waitFor();
      expect(await page.locator('#workspace').isVisible()).toBe(false);
      expect(await paper.locator('.paper-title').textContent()).toBe('最低生活保障注销审批表');
      const meta = Object.fromEntries(await paper.locator('.paper-meta dt').evaluateAll((dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])));
      const { from, to } = resolvePeriod({ preset: 'THIS_MONTH' });
      expect(meta).toMatchObject({ 填报部门: '民政部门', 期间: `本月：${from} 至 ${to}` });
      const forms = await pages.stack.query<{ forms: { id: string; type: string; createdAt: string }[] }>('{ forms(period: { preset: THIS_MONTH }) { id type createdAt } }', {}, await pages.stack.token('civil-affairs'));
      const form = forms.data!.forms.find((f) => f.type === 'SUBSISTENCE_ALLOWANCE_CANCELLATION')!;
      expect(meta['生成时间']).toBe(`${beijingTime(form.createdAt)}（北京时间）`);
      const cells = Object.fromEntries(await paper.locator('th').evaluateAll((ths) => ths.map((th) => [th.textContent, th.nextElementSibling?.textContent])));
      expect(cells).toMatchObject({ 姓名: person.name, 身份证号: person.idNumber, 变动类型: '死亡', '月发放金额（元）': String(person.socialAssistance.subsistenceAllowance!.monthlyAmount) });
      await page.screenshot({ path: join(ARTIFACTS, 'desk-paper-form.png'), fullPage: true });

      // On paper: the form alone, no buttons, no page header.
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
      expect(await page.locator('header.bar').isVisible()).toBe(false);
      expect(await paper.isVisible()).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'desk-paper-form-print.png'), fullPage: true });
      await page.emulateMedia({ media: 'screen' });

      // Every form of the period, each on a page of its own.
      await page.getByRole('button', { name: '返回表单列表' }).click();
      await page.getByRole('button', { name: '打印本期全部表单' }).click();
      await expect(paper.count()).resolves.toBe(2);
      await page.emulateMedia({ media: 'print' });
      const breaks = await paper.evaluateAll((els) => els.map((el) => getComputedStyle(el).breakAfter));
      expect(breaks).toEqual(['page', 'auto']);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(2);
      await context.close();
    });

    it('shows supervision the benefit anomalies and every department’s forms', async () => {
      const supervision = await pages.stack.token('supervision');
      const expected = await pages.stack.query<{ benefitAnomalies: unknown[]; forms: unknown[] }>('{ benefitAnomalies { paidBy } forms(period: { preset: THIS_MONTH }) { id } }', {}, supervision);
      expect(expected.data!.benefitAnomalies.length).toBeGreaterThan(0);
      const page = await pages.page({ phone: false });
      await signIn(page, '/desk', supervision);
      await page.locator('#anomaly-list li').first().waitFor({ timeout: 60_000 });
      expect(await page.locator('#anomaly-list li').count()).toBe(expected.data!.benefitAnomalies.length);
      await page.locator('#anomalies-summary', { hasText: '估计多发' }).waitFor();
      await page.locator('#forms-summary', { hasText: '本月' }).waitFor();
      expect(await page.locator('#forms li').count()).toBe(expected.data!.forms.length);
      await page.context().close();
    });

    it("lets a community office print its QR code with the community's name, and the code opens the intake page for it", async () => {
      const page = await pages.page({ phone: false });
      await signIn(page, '/qr', await pages.stack.token('community', GUIHU));
      await page.getByRole('button', { name: '生成二维码' }).click();
      await page.locator('#sheet-title', { hasText: '桂湖社区' }).waitFor();
      const image = page.locator('#qr-image');
      await page.waitForFunction(() => (document.querySelector('#qr-image') as HTMLImageElement | null)?.naturalWidth);
      expect(await image.getAttribute('alt')).toBe('桂湖社区人口变动上报二维码');
      await page.locator('#qr-expiry', { hasText: '有效期至' }).waitFor();
      const link = (await image.getAttribute('data-link'))!;
      expect(link.startsWith(`${pages.url}/intake?community=${GUIHU}&name=${encodeURIComponent('桂湖社区')}#credential=`)).toBe(true);

      // On paper: the name, the code and the words, no buttons.
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
      expect(await page.locator('#sheet-title').isVisible()).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'qr-print.png'), fullPage: true });
      await page.context().close();

      const phone = await pages.page();
      await phone.goto(link);
      await phone.locator('#community-name', { hasText: '桂湖社区' }).waitFor();
      await phone.context().close();

      // A QR credential cannot make further codes.
      const again = await pages.page({ phone: false });
      await signIn(again, '/qr', (await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, GUIHU)).token);
      await again.locator('#token-error', { hasText: '二维码中的凭证不能用来生成新的二维码' }).waitFor();
      await again.context().close();
    });
  });
});
