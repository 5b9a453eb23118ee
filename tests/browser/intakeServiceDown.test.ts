/**
 * The intake page when the community service (which takes reports) is killed: the worker reads
 * in plain Chinese that the service cannot be reached, that it is not known whether the report
 * was recorded and that sending it again is safe; the page keeps the report's key, and once the
 * service is back the resend records it once.
 */
import { consistentResidents } from '../../systems/seed/population';
import { freePort, startChild, type ChildService } from '../support/childProcess';
import { withChromium } from '../support/environment';
import { intakesOf, qrLink, startPageStack, type PageStack, submitReport } from './support';

const GUIHU = '510114001001';

jest.setTimeout(120_000);

withChromium('the intake page with the community service down', () => {
  describe('the intake page with the community service down', () => {
    let pages: PageStack;
    let port: number;
    let child: ChildService | undefined;
    const startCommunity = () =>
      startChild(
        'subgraphs/community/main.ts',
        { ...pages.stack.subgraphEnv, COMMUNITY_PORT: String(port), COMMUNITY_REGISTRY_URL: pages.stack.systems.COMMUNITY_REGISTRY.url },
        `http://127.0.0.1:${port}/healthz`,
      );

    beforeAll(async () => {
      port = await freePort();
      pages = await startPageStack({ externalSubgraphs: { community: `http://127.0.0.1:${port}` }, subgraphEnv: { INTAKE_WAIT_MS: '800' } });
      child = await startCommunity();
    }, 120_000);
    afterAll(async () => {
      await child?.kill();
      await pages?.close();
    });

    it('says in plain words that the service cannot be reached and to send again, and the resend with the same key records it once', async () => {
      const person = consistentResidents().filter((r) => r.community === GUIHU)[3];
      const page = await pages.page({ phone: true });
      await page.goto(await qrLink(pages, GUIHU, '桂湖社区'));
      await page.locator('#community-name', { hasText: '桂湖社区' }).waitFor();
      await page.getByLabel('死亡', { exact: true }).check();
      await page.getByLabel('身份证号').fill(person.idNumber);
      await page.getByLabel('姓名').fill(person.name);
      await page.getByLabel('死亡地点').fill('新都区人民医院');

      await child!.kill();
      const before = pages.reports().length;
      await submitReport(page);
      const notice = page.locator('#notice', { hasText: '社区上报服务暂时无法连接' });
      await notice.waitFor({ timeout: 30_000 });
      expect(await notice.textContent()).toMatch(/无法确认.*已记录.*同一条上报只会记录一次/);
      expect(await notice.textContent()).not.toMatch(/fetch failed|SUBGRAPH_UNAVAILABLE/);

      child = await startCommunity();
      await submitReport(page);
      await page.locator('#intake-id').waitFor({ timeout: 30_000 });
      const keys = pages.reports().slice(before).map((p) => (p.variables.input as { idempotencyKey: string }).idempotencyKey);
      expect(keys.length).toBeGreaterThan(1);
      expect(new Set(keys).size).toBe(1);
      expect(intakesOf(pages.stack, [person.idNumber])).toBe(1);
      await page.context().close();
    });
  });
});
