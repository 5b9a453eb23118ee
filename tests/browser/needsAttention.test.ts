/**
 * A failed delivery in the pages, in a real browser: the civil-affairs desk lists its system's
 * FAILED delivery under "需要处理" with the reason in words, and its retry button, once the
 * system is back, delivers it and updates the row; the reporting community's worker sees the
 * same delivery on the intake page's "需要处理" tab, and a bulk import's result names the row
 * whose report is not yet delivered everywhere.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { shanghaiToday } from '../../domain/period';
import { toCsv } from '../../platform/csv';
import { consistentResidents } from '../../systems/seed/population';
import { deathOf, report, waitForIntake } from '../support/reports';
import { withChromium } from '../support/environment';
import { ARTIFACTS, startPageStack, workerIntakePage, type PageStack } from './support';

jest.setTimeout(120_000);

withChromium('the needs-attention lists', () => {
  describe('the needs-attention lists', () => {
    let pages: PageStack;
    let intakeId: string;
    const [person, imported] = consistentResidents().filter((r) => r.socialAssistance.subsistenceAllowance && r.community === '510114001002');

    beforeAll(async () => {
      pages = await startPageStack({ subgraphEnv: { DELIVERY_MAX_ATTEMPTS: '2', INTAKE_WAIT_MS: '500' } });
      await pages.stack.fault('SOCIAL_ASSISTANCE', { mode: 'down' });
      intakeId = (await report(pages.stack, deathOf(person))).data!.reportPopulationChange.id;
      await waitForIntake(pages.stack, intakeId, (i) => i.status === 'NEEDS_ATTENTION');
    }, 120_000);
    afterAll(() => pages?.close());

    const row = (page: Page) => page.locator(`#attention-list li[data-intake="${intakeId}"][data-system="SOCIAL_ASSISTANCE"]`);

    it("shows the community worker its report's failed delivery on the intake page's 需要处理 tab", async () => {
      const page = await workerIntakePage(pages, person.community);
      await page.getByRole('tab', { name: '需要处理' }).click();
      await row(page).waitFor();
      await page.locator('#attention-summary', { hasText: '送达失败 1 条' }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'intake-needs-attention.png'), fullPage: true });
    });

    it('says after a bulk import which reported row is not yet delivered everywhere, and to which system', async () => {
      const page = await workerIntakePage(pages, person.community);
      await page.getByRole('tab', { name: '月度批量导入' }).click();
      const header = ['变动类型', '身份证号', '姓名', '变动日期', '死亡地点', '死亡证明编号', '迁往地', '迁往地区划代码'];
      const csv = Buffer.from('\ufeff' + toCsv(header, [['死亡', imported.idNumber, imported.name, shanghaiToday(), '家中', '', '', '']]), 'utf8');
      await page.setInputFiles('#import-file', { name: '本月.csv', mimeType: 'text/csv', buffer: csv });
      await page.getByRole('button', { name: '开始导入' }).click();
      await page.locator('#import-summary', { hasText: '新上报 1 行' }).waitFor({ timeout: 60_000 });
      const unsettled = page.locator('#import-delivery-rows tr[data-row="2"]');
      await unsettled.waitFor();
      expect(await unsettled.getAttribute('data-delivery')).toMatch(/^(FAILED|PENDING)$/);
      expect(await unsettled.textContent()).toContain('社会救助系统');
      expect(await page.locator('#import-delivery-rows tbody tr').count()).toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, 'bulk-import-delivery-status.png'), fullPage: true });
    });

    it('lists the failed delivery on the civil-affairs desk, and its retry button delivers it once the system is back', async () => {
      const page = await pages.page({ phone: false });
      await page.goto(`${pages.url}/desk`);
      await page.getByLabel('登录令牌').fill(await pages.stack.token('civil-affairs'));
      await page.getByRole('button', { name: '登录' }).click();
      await row(page).waitFor();
      await row(page).locator('.problem', { hasText: '部门系统无法连接' }).waitFor();
      expect(await row(page).getAttribute('data-status')).toBe('FAILED');
      await page.screenshot({ path: join(ARTIFACTS, 'desk-needs-attention.png'), fullPage: true });

      await pages.stack.fault('SOCIAL_ASSISTANCE', { mode: 'none' });
      await row(page).getByRole('button', { name: '重试' }).click();
      await row(page).locator('.retry-status', { hasText: /重试成功|已重新提交/ }).waitFor();
      expect(pages.posts.some((p) => p.operation === 'retryDelivery' && p.variables.id === intakeId && p.variables.system === 'SOCIAL_ASSISTANCE')).toBe(true);
      await waitForIntake(pages.stack, intakeId, (i) => i.status === 'COMPLETE');
      await page.screenshot({ path: join(ARTIFACTS, 'desk-needs-attention-retried.png'), fullPage: true });

      await page.getByRole('button', { name: '刷新' }).click();
      await row(page).waitFor({ state: 'detached' });
    });
  });
});
