/**
 * 撤回上报 in a real browser against the whole stack: a signed-in worker withdraws the report
 * on its receipt (a reason, then a confirm step; an empty reason sends nothing), and the receipt
 * then says 已撤回 and which systems still need their department to reverse it. A report made
 * with a QR credential offers no 撤回上报.
 */
import { join } from 'node:path';
import { consistentResidents } from '../../systems/seed/population';
import { ARTIFACTS, qrLink, reportDeathOnPage, startPageStack, workerIntakePage, type PageStack } from './support';
import { withChromium } from '../support/environment';

const GUIHU = '510114001001';

jest.setTimeout(120_000);

withChromium('withdrawing a report on the intake page', () => {
  describe('withdrawing a report on the intake page', () => {
    let pages: PageStack;
    const [person, other] = consistentResidents().filter((r) => r.community === GUIHU);

    beforeAll(async () => {
      pages = await startPageStack();
    }, 120_000);
    afterAll(() => pages?.close());

    const withdrawals = () => pages.posts.filter((p) => p.operation.includes('withdrawPopulationChange')).length;

    it('a worker withdraws a report after a confirm step; the receipt says 已撤回 and what the departments still reverse', async () => {
      const page = await workerIntakePage(pages, GUIHU, { phone: true });
      await reportDeathOnPage(page, person!);
      await page.locator('#intake-status[data-status="COMPLETE"]').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: '撤回上报' }).click();
      // Nothing is sent without a reason.
      const before = withdrawals();
      await page.getByRole('button', { name: '确认撤回' }).click();
      await page.locator('#withdraw-status', { hasText: '请先填写撤回原因' }).waitFor();
      expect(withdrawals()).toBe(before);
      await page.getByLabel('撤回原因').fill('身份证号填错了');
      await page.getByRole('button', { name: '确认撤回' }).click();
      await page.locator('#intake-status[data-status="WITHDRAWN"]', { hasText: '已撤回' }).waitFor();
      const notice = (await page.locator('#withdrawn-notice').textContent())!;
      expect(notice).toContain('本次上报已撤回');
      expect(notice).toContain('社区');
      expect(await page.locator('#deliveries li[data-system="COMMUNITY_REGISTRY"]').getAttribute('data-status')).toBe('DELIVERED');
      expect(await page.getByRole('button', { name: '撤回上报' }).count()).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'withdrawn-phone.png'), fullPage: true });
      const intakeId = (await page.locator('#intake-id').textContent())!;
      await page.context().close();

      // The health desk lists its written delivery to reverse, and 已冲正 records that it did.
      const desk = await pages.page({ phone: false });
      await desk.goto(`${pages.url}/desk`);
      await desk.getByLabel('登录令牌').fill(await pages.stack.token('health'));
      await desk.getByRole('button', { name: '登录' }).click();
      const row = desk.locator(`li.attention[data-intake="${intakeId}"][data-system="HEALTH_PLATFORM"]`);
      await row.locator('.problem', { hasText: '请在本部门系统中冲正' }).waitFor();
      await row.getByRole('button', { name: '已冲正' }).click();
      await row.locator('.retry-status', { hasText: '已记录冲正' }).waitFor();
      expect(pages.posts.some((p) => p.operation === 'acknowledgeWithdrawal' && p.variables.id === intakeId && p.variables.system === 'HEALTH_PLATFORM')).toBe(true);
      await desk.getByRole('button', { name: '刷新' }).click();
      await row.waitFor({ state: 'detached' });
      await desk.context().close();
    });

    it('a QR credential is offered no 撤回上报', async () => {
      const page = await pages.page({ phone: true });
      await page.goto(await qrLink(pages, GUIHU, '桂湖社区'));
      await page.locator('#community-name', { hasText: '桂湖社区' }).waitFor();
      await reportDeathOnPage(page, other!);
      expect(await page.getByRole('button', { name: '撤回上报' }).count()).toBe(0);
      await page.context().close();
    });
  });
});
