/**
 * The pages behind a gateway that runs safelisted operations only (PERSISTED_OPERATIONS_FILE set
 * to the shipped manifest): every operation a page sends is in the manifest and goes with its
 * SHA-256, so a deployment can close the graph to arbitrary queries without losing its front door.
 */
import { MANIFEST_FILE } from '../../gateway/edge/persistedManifest';
import { consistentResidents } from '../../systems/seed/population';
import { startPageStack, workerIntakePage, type PageStack, submitReport } from './support';
import { withChromium } from '../support/environment';

const GUIHU = '510114001001';

jest.setTimeout(120_000);

withChromium('the pages with persisted operations only', () => {
  describe('the pages with persisted operations only', () => {
    let pages: PageStack;
    beforeAll(async () => {
      pages = await startPageStack({ gatewayEnv: { PERSISTED_OPERATIONS_FILE: MANIFEST_FILE } });
    }, 120_000);
    afterAll(() => pages?.close());

    it('refuses an operation sent as text alone (the safelist is on)', async () => {
      const token = await pages.stack.token('community', GUIHU);
      const res = await fetch(`${pages.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'community-intake' },
        body: JSON.stringify({ query: 'query Communities { communities { code name street } }' }),
      });
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
    });

    it('lets the intake page report a death and follow it to the end, and list the reports awaiting confirmation', async () => {
      const person = consistentResidents().find((r) => r.community === GUIHU && r.socialAssistance.subsistenceAllowance)!;
      const page = await workerIntakePage(pages, GUIHU);
      await page.locator('#community-name', { hasText: '桂湖社区' }).waitFor();
      await page.getByLabel('死亡', { exact: true }).check();
      await page.getByLabel('身份证号').fill(person.idNumber);
      await page.getByLabel('姓名').fill(person.name);
      await page.getByLabel('死亡地点').fill('新都区人民医院');
      await submitReport(page);
      await page.locator('#intake-status[data-status="COMPLETE"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('#deliveries li[data-system="SOCIAL_ASSISTANCE"]').getAttribute('data-status')).toBe('DELIVERED');
      await page.getByRole('tab', { name: '待确认上报' }).click();
      await page.locator('#unconfirmed-empty').waitFor();
      await page.context().close();
    });

    it('lets the department desk show its forms', async () => {
      const page = await pages.page({ phone: false });
      await page.goto(`${pages.url}/desk`);
      await page.getByLabel('登录令牌').fill(await pages.stack.token('civil-affairs'));
      await page.getByRole('button', { name: '登录' }).click();
      await page.locator('#forms-summary', { hasText: '本月' }).waitFor();
      expect(await page.locator('#forms li[data-form-type="SUBSISTENCE_ALLOWANCE_CANCELLATION"]').count()).toBeGreaterThan(0);
      await page.context().close();
    });
  });
});
