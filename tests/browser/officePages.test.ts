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
      expect(xlsx.suggestedFilename()).toMatch(/^forms-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['summary', '1-SUBSISTENCE_ALLOWANCE_CANCELL', '3-ELDERLY_SUBSIDY_REDUCTION']);
      const rowsOf = (sheetName: string) => {
        const sheet = workbook.getWorksheet(sheetName)!;
        const header = (sheet.getRow(1).values as unknown[]).slice(1);
        return Array.from({ length: sheet.rowCount - 1 }, (_, i) => {
          const values = (sheet.getRow(i + 2).values as unknown[]).slice(1);
          return Object.fromEntries(header.map((h, j) => [h, values[j]]));
        });
      };
      const sheetRows = [...rowsOf('1-SUBSISTENCE_ALLOWANCE_CANCELL'), ...rowsOf('3-ELDERLY_SUBSIDY_REDUCTION')];
      expect(sheetRows.map((r) => [r.formType, r.formId]).sort()).toEqual([...thisMonth].sort());
      for (const row of sheetRows) expect(row).toMatchObject({ idNumber: person.idNumber, name: person.name, department: 'civil-affairs' });

      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 CSV' }).click()]);
      const [header, ...records] = parseCsv(readFileSync((await csv.path())!, 'utf8'));
      expect(records.map((r) => r[header.indexOf('formType')]).sort()).toEqual(['ELDERLY_SUBSIDY_REDUCTION', 'SUBSISTENCE_ALLOWANCE_CANCELLATION']);
      await page.context().close();
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
