/**
 * The receipt and the history, in a real browser against the whole stack: after a report the
 * page names who was reported and gives a short reference to read out, copy or print; the
 * report stays in the address, so a reload shows it again; the 上报记录 tab finds it by the
 * reference as a person types it, by ID number or by name, at phone and desk widths. A QR
 * credential has no history tab.
 */
import { join } from 'node:path';
import { maskIdNumber } from '../../domain/idNumber';
import { consistentResidents } from '../../systems/seed/population';
import { ARTIFACTS, qrLink, reportDeathOnPage, startPageStack, workerIntakePage, type PageStack } from './support';
import { withChromium } from '../support/environment';

const GUIHU = '510114001001';
const REFERENCE = /^RG-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/;

jest.setTimeout(120_000);

withChromium('the receipt and the history of reports', () => {
  describe('the receipt and the history of reports', () => {
    let pages: PageStack;
    const [person, other] = consistentResidents().filter((r) => r.community === GUIHU);
    let reference = '';
    let intakeId = '';

    beforeAll(async () => {
      pages = await startPageStack();
    }, 120_000);
    afterAll(() => pages?.close());


    it('on a phone, the receipt names who was reported and gives a reference to read out, copy or print; a reload shows the report again', async () => {
      const page = await workerIntakePage(pages, GUIHU, { phone: true });
      await reportDeathOnPage(page, person!);
      expect(await page.locator('#receipt-subject').textContent()).toBe(`上报对象：${person!.name}（${maskIdNumber(person!.idNumber)}）`);
      reference = (await page.locator('#intake-reference').textContent())!;
      intakeId = (await page.locator('#intake-id').textContent())!;
      expect(reference).toMatch(REFERENCE);
      // The full ID number is not on the receipt: only its masked form.
      expect(await page.locator('#receipt').textContent()).not.toContain(person!.idNumber);
      await page.getByRole('button', { name: '复制编号' }).click();
      await page.locator('#copy-status', { hasText: /已复制|已选中编号/ }).waitFor();
      await expect(page.getByRole('button', { name: '打印回执' }).isVisible()).resolves.toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'receipt-phone.png'), fullPage: true });

      expect(page.url()).toContain(`#report=${intakeId}`);
      await page.reload();
      await page.locator('#intake-reference', { hasText: reference }).waitFor();
      expect(await page.locator('#intake-id').textContent()).toBe(intakeId);
      await page.context().close();
    });

    it('at a desk, 上报记录 finds the report by its reference typed in lower case without dashes, opens it, and it survives a reload', async () => {
      expect(reference).toMatch(REFERENCE);
      const page = await workerIntakePage(pages, GUIHU);
      await page.getByRole('tab', { name: '上报记录' }).click();
      await page.locator('#history-status', { hasText: '最近的' }).waitFor();
      await page.getByLabel('查找上报').fill(reference.toLowerCase().replace(/-/g, ''));
      await page.getByRole('button', { name: '查找' }).click();
      await page.locator('#history-status', { hasText: '找到 1 条上报' }).waitFor();
      const row = page.locator(`#history-list li[data-intake="${intakeId}"]`);
      expect(await row.textContent()).toContain(person!.name);
      await page.screenshot({ path: join(ARTIFACTS, 'history-desk.png'), fullPage: true });
      await row.getByRole('button', { name: '查看' }).click();
      await page.locator('#intake-reference', { hasText: reference }).waitFor();
      expect(await page.locator('#receipt-subject').textContent()).toBe(`上报对象：${person!.name}`);
      await page.reload();
      await page.locator('#intake-reference', { hasText: reference }).waitFor();
      await page.context().close();
    });

    it('on a phone, 上报记录 finds a report by ID number and by name, and says so when nothing matches', async () => {
      const page = await workerIntakePage(pages, GUIHU, { phone: true });
      await page.getByRole('tab', { name: '上报记录' }).click();
      await page.getByLabel('查找上报').fill(person!.idNumber);
      await page.getByRole('button', { name: '查找' }).click();
      await page.locator(`#history-list li[data-intake="${intakeId}"]`).waitFor();
      await page.getByLabel('查找上报').fill(person!.name);
      await page.getByRole('button', { name: '查找' }).click();
      await page.locator(`#history-list li[data-intake="${intakeId}"]`).waitFor();
      // Someone not reported: nothing found, and the page says what to check.
      await page.getByLabel('查找上报').fill(other!.idNumber);
      await page.getByRole('button', { name: '查找' }).click();
      await page.locator('#history-status', { hasText: '没有找到符合的上报' }).waitFor();
      expect(await page.locator('#history-list li').count()).toBe(0);
      await page.screenshot({ path: join(ARTIFACTS, 'history-phone.png'), fullPage: true });
      await page.context().close();
    });

    it('a QR credential has no history tab', async () => {
      const page = await pages.page({ phone: true });
      await page.goto(await qrLink(pages, GUIHU, '桂湖社区'));
      await page.locator('#community-name', { hasText: '桂湖社区' }).waitFor();
      expect(await page.getByRole('tab', { name: '上报记录' }).isHidden()).toBe(true);
      await page.context().close();
    });
  });
});
