/**
 * A person dies once, in a real browser against the whole stack: a second death report for the
 * same resident (another date), or a move for a resident already reported dead, is refused at the
 * ID number with the earlier report's date and reference, at phone and desk widths; nothing more
 * is written to any system, so the systems hold one death.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { shanghaiToday } from '../../domain/calendar';
import { consistentResidents, type SeedResident } from '../../systems/seed/population';
import { waitForIntake } from '../support/reports';
import { writeCounts, writesSince } from '../support/writes';
import { ARTIFACTS, startPageStack, submitReport, workerIntakePage, type PageStack } from './support';
import { withChromium } from '../support/environment';

const GUIHU = '510114001001';

jest.setTimeout(120_000);

withChromium('a person dies once', () => {
  describe('a person dies once', () => {
    let pages: PageStack;
    const [first, second] = consistentResidents().filter((r) => r.community === GUIHU);
    const yesterday = new Date(Date.parse(`${shanghaiToday()}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

    beforeAll(async () => {
      pages = await startPageStack();
    }, 120_000);
    afterAll(() => pages?.close());

    async function fillPerson(page: Page, who: SeedResident, date: string): Promise<void> {
      await page.getByLabel('身份证号').fill(who.idNumber);
      await page.getByLabel('姓名').fill(who.name);
      await page.getByLabel('变动日期').fill(date);
    }

    /** Reports the death and waits until every system has it; returns the receipt's reference. */
    async function reportedDead(page: Page, who: SeedResident): Promise<string> {
      await page.getByLabel('死亡', { exact: true }).check();
      await fillPerson(page, who, shanghaiToday());
      await page.getByLabel('死亡地点').fill('新都区人民医院');
      await submitReport(page);
      const reference = (await page.locator('#intake-reference').textContent())!;
      const intakeId = (await page.locator('#intake-id').textContent())!;
      expect((await waitForIntake(pages.stack, intakeId, (i) => i.status === 'COMPLETE', 60_000)).status).toBe('COMPLETE');
      await page.getByRole('button', { name: '上报下一条' }).click();
      return reference;
    }

    it('on a phone, a second death report with another date is refused at the ID number, naming the earlier report; nothing more is written', async () => {
      const page = await workerIntakePage(pages, GUIHU, { phone: true });
      const reference = await reportedDead(page, first!);
      const before = writeCounts(pages.stack);

      await page.getByLabel('死亡', { exact: true }).check();
      await fillPerson(page, first!, yesterday);
      await page.getByLabel('死亡地点').fill('新都区第二人民医院');
      await submitReport(page);
      const message = page.locator('#idNumber-error');
      await message.waitFor();
      expect(await message.textContent()).toBe(`这位居民的变动已经上报过（${shanghaiToday()}，上报编号 ${reference}）：如原上报有误，请先撤回原来的上报，再重新上报`);
      await page.screenshot({ path: join(ARTIFACTS, 'second-death-refused-phone.png'), fullPage: true });
      expect(writesSince(pages.stack, before)).toEqual({ COMMUNITY_REGISTRY: 0, SOCIAL_ASSISTANCE: 0, ELDERLY_DISABILITY_SUBSIDY: 0, SOCIAL_INSURANCE: 0, HEALTH_PLATFORM: 0 });
      await page.context().close();
    });

    it('at a desk, a move for a resident already reported dead is refused the same way; nothing more is written', async () => {
      const page = await workerIntakePage(pages, GUIHU);
      const reference = await reportedDead(page, second!);
      const before = writeCounts(pages.stack);

      await page.getByLabel('迁出', { exact: true }).check();
      await fillPerson(page, second!, shanghaiToday());
      await page.getByLabel('迁往地', { exact: true }).fill('成都市武侯区');
      await submitReport(page);
      const message = page.locator('#idNumber-error');
      await message.waitFor();
      expect(await message.textContent()).toContain(`上报编号 ${reference}`);
      await page.screenshot({ path: join(ARTIFACTS, 'move-after-death-refused-desk.png'), fullPage: true });
      expect(Object.values(writesSince(pages.stack, before)).every((n) => n === 0)).toBe(true);
      await page.context().close();
    });
  });
});
