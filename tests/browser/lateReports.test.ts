/**
 * Late reports on the department desk, in a real browser at desk width: a report about last
 * month filed after the clerk downloaded last month shows 新 in last month's period and in this
 * month "by reported date"; 标记为已查看 clears the badge; a form marked handled leaves 未处理.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { shanghaiToday } from '../../domain/period';
import { consistentResidents } from '../../systems/seed/population';
import { deathOf, report } from '../support/reports';
import { withChromium } from '../support/environment';
import { ARTIFACTS, startPageStack, type PageStack } from './support';

jest.setTimeout(120_000);

/** The 15th of last month (Asia/Shanghai). */
function midLastMonth(): string {
  const [y, m] = shanghaiToday().split('-').map(Number);
  return m === 1 ? `${y - 1}-12-15` : `${y}-${String(m - 1).padStart(2, '0')}-15`;
}

withChromium('late reports on the desk', () => {
  describe('late reports on the desk', () => {
    let pages: PageStack;
    const [early, late] = consistentResidents().filter((r) => r.socialAssistance.subsistenceAllowance && !r.health.deceased);
    const reportDeath = async (person: typeof early) => {
      const res = await report(pages.stack, deathOf(person, { effectiveDate: midLastMonth() }));
      expect(res.data!.reportPopulationChange.status).toBe('COMPLETE');
      return res.data!.reportPopulationChange.id;
    };

    beforeAll(async () => {
      pages = await startPageStack();
      await reportDeath(early);
    }, 120_000);
    afterAll(() => pages?.close());

    /** [intake id, new?] of each card shown. */
    const shown = (page: Page) =>
      page.locator('#forms li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-form-id')!.split(':')[0], li.getAttribute('data-new'), li.querySelector('.new-badge') !== null]));
    const show = (page: Page) => page.getByRole('button', { name: '查看表单' }).click();

    it('a late report after the download is 新 in last month and by reported date; acknowledging clears it; handled leaves 未处理', async () => {
      const page = await pages.page({ phone: false });
      await page.goto(`${pages.url}/desk`);
      await page.getByLabel('登录令牌').fill(await pages.stack.token('civil-affairs'));
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByLabel('上月').check();
      await page.getByRole('button', { name: '查看表单' }).click();
      await page.locator('#forms-summary', { hasText: '上月' }).waitFor();
      await page.locator('#forms .new-badge').first().waitFor();

      // The clerk downloads last month: the list is read again, and nothing in it is new.
      await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 CSV' }).click()]);
      await page.locator('#new-count', { hasText: '上次查看后没有新增表单' }).waitFor();
      expect((await shown(page)).every(([, isNew, badge]) => isNew === 'false' && !badge)).toBe(true);

      // A report about last month, filed after the download.
      const lateIntake = await reportDeath(late);
      await show(page);
      await page.locator(`#forms li[data-form-id^="${lateIntake}:"] .new-badge`).first().waitFor();
      const lastMonth = await shown(page);
      expect(lastMonth.filter(([id]) => id === lateIntake).every(([, isNew, badge]) => isNew === 'true' && badge)).toBe(true);
      expect(lastMonth.filter(([id]) => id !== lateIntake).every(([, , badge]) => !badge)).toBe(true);
      const fresh = lastMonth.filter(([id]) => id === lateIntake).length;
      await page.locator('#new-count', { hasText: `上次查看后新增 ${fresh} 份，其中 ${fresh} 份属于已下载过的期间` }).waitFor();

      // This month by the date reported: the late report is here too, still new.
      await page.getByLabel('本月').check();
      await page.getByLabel('按上报日期').check();
      await page.getByRole('button', { name: '查看表单' }).click();
      await page.locator('#forms-summary', { hasText: '本月' }).waitFor();
      await page.locator(`#forms li[data-form-id^="${lateIntake}:"] .new-badge`).first().waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'desk-late-report.png'), fullPage: true });

      // 标记为已查看: the badges go, the count says so.
      await page.getByRole('button', { name: '标记为已查看' }).click();
      await page.locator('#new-count', { hasText: '上次查看后没有新增表单' }).waitFor();
      expect(await page.locator('#forms .new-badge').count()).toBe(0);
      expect(pages.posts.some((p) => p.operation === 'acknowledgeForms')).toBe(true);

      // Handled: ticked, then 未处理 hides it and 全部 shows it again.
      const card = page.locator(`#forms li[data-form-id^="${lateIntake}:"]`).first();
      const formId = (await card.getAttribute('data-form-id'))!;
      await card.locator('.handled-toggle').check();
      await page.locator(`#forms li[data-form-id="${formId}"]`, { hasText: '已处理（' }).waitFor();
      await page.getByLabel('未处理').check();
      await page.getByRole('button', { name: '查看表单' }).click();
      await page.locator(`#forms li[data-form-id="${formId}"]`).waitFor({ state: 'detached' });
      expect((await shown(page)).length).toBeGreaterThan(0);
      await page.getByLabel('全部', { exact: true }).check();
      await page.getByRole('button', { name: '查看表单' }).click();
      await page.locator(`#forms li[data-form-id="${formId}"]`).waitFor();
      await page.context().close();
    });
  });
});
