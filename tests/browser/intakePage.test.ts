/**
 * The intake page in a real browser at phone size, against the whole stack: a worker opens the
 * community's QR link, reports a death once and watches it reach every department system; bad
 * input is caught before sending (same schema as the server) or shown where the server put it;
 * a double tap or a lost answer reports once; an expired or another community's QR credential
 * cannot report.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readIntake, waitForIntake } from '../support/reports';
import { writeCounts, writesSince } from '../support/writes';
import { intakeLink } from '../../gateway/pages';
import { mintIntakeCredential } from '../../platform/auth/intakeCredential';
import { DEVELOPMENT_JWT_SECRET } from '../../platform/auth/tokens';
import { consistentResidents, type SeedResident } from '../../systems/seed/population';
import { RULE_MESSAGES } from '../../web/shared/messages';
import { ARTIFACTS, intakesOf, PHONE, qrLink, startPageStack, workerIntakePage, type PageStack, submitReport } from './support';
import { withChromium } from '../support/environment';

const GUIHU = '510114001001';
const DAFENG = '510114002001';

jest.setTimeout(120_000);

withChromium('the intake page on a phone', () => {
  describe('the intake page on a phone', () => {
    let pages: PageStack;
    const residents = consistentResidents().filter((r) => r.community === GUIHU);
    let next = 0;
    /** A resident no other test in this file reports. */
    const resident = (where: (r: SeedResident) => boolean = () => true) => {
      const found = residents.slice(next).find(where)!;
      next = residents.indexOf(found) + 1;
      return found;
    };

    beforeAll(async () => {
      // A short bounded wait, and a system that stays down is retried for as long as the test needs.
      pages = await startPageStack({ subgraphEnv: { INTAKE_WAIT_MS: '800', DELIVERY_MAX_ATTEMPTS: '1000' } });
    }, 120_000);
    afterAll(() => pages?.close());

    async function fillDeath(page: Page, person: { idNumber: string; name: string }, place = '新都区人民医院'): Promise<void> {
      await page.getByLabel('死亡', { exact: true }).check();
      await page.getByLabel('身份证号').fill(person.idNumber);
      await page.getByLabel('姓名').fill(person.name);
      await page.getByLabel('死亡地点').fill(place);
    }

    it("opens from the community's QR link: the report waits, writing nothing, until a worker of the community confirms it on the page", async () => {
      const person = resident((r) => Boolean(r.socialAssistance.subsistenceAllowance));
      const page = await pages.page();
      await page.goto(await qrLink(pages, GUIHU, '桂湖社区'));
      // The name comes from the printed link: a QR credential may not read the community list.
      await page.locator('#community-name', { hasText: '桂湖社区' }).waitFor();
      // The credential leaves the address bar (and any link shared from it).
      expect(page.url()).toBe(`${pages.url}/intake?community=${GUIHU}&name=${encodeURIComponent('桂湖社区')}`);
      // Reporting is all it can do: no bulk import, no confirmations.
      expect(await page.getByRole('tab', { name: '月度批量导入' }).isHidden()).toBe(true);
      expect(await page.getByRole('tab', { name: '待确认上报' }).isHidden()).toBe(true);

      const before = writeCounts(pages.stack);
      await fillDeath(page, person);
      await submitReport(page);
      await page.locator('#intake-status[data-status="AWAITING_CONFIRMATION"]').waitFor();
      await page.locator('#awaiting-notice', { hasText: '须经社区工作人员核实确认后' }).waitFor();
      const intakeId = (await page.locator('#intake-id').textContent())!;
      expect(pages.posts.map((p) => p.operation)).not.toContain('communities');
      await page.screenshot({ path: join(ARTIFACTS, 'intake-qr-awaiting-phone.png'), fullPage: true });
      await page.context().close();
      expect(Object.values(writesSince(pages.stack, before)).every((n) => n === 0)).toBe(true);

      // A worker of the community signs in with their own token, finds it waiting and confirms it.
      const desk = await workerIntakePage(pages, GUIHU);
      await desk.getByRole('tab', { name: '待确认上报' }).click();
      const item = desk.locator(`#unconfirmed li[data-intake="${intakeId}"]`);
      await item.waitFor();
      expect(await item.textContent()).toContain(person.name);
      await item.getByRole('button', { name: '确认属实并送达' }).click();
      await desk.locator('#review-status', { hasText: `已确认上报 ${intakeId}` }).waitFor();
      await desk.locator('#unconfirmed-empty').waitFor();
      const done = await waitForIntake(pages.stack, intakeId, (i) => i.status === 'COMPLETE', 60_000);
      expect(done.status).toBe('COMPLETE');
      expect(writesSince(pages.stack, before).SOCIAL_ASSISTANCE).toBe(1);
      await desk.context().close();
    });

    it('a worker signed in reports a death, and sees every delivery reach its final state and the forms', async () => {
      const person = resident((r) => Boolean(r.socialAssistance.subsistenceAllowance));
      await pages.stack.fault('SOCIAL_ASSISTANCE', { mode: 'down' });
      const reportsBefore = pages.reports().length;
      const page = await workerIntakePage(pages, GUIHU, { phone: true });
      await page.locator('#community-name', { hasText: '桂湖社区' }).waitFor();
      // A 375-pixel phone needs no sideways scrolling, and text is not shrunk below 16 px in fields.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      expect(await page.locator('#idNumber').evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');

      await fillDeath(page, person);
      await page.screenshot({ path: join(ARTIFACTS, 'intake-form-phone.png'), fullPage: true });
      await submitReport(page);

      // Accepted while the social assistance system is down: said plainly, nothing to resend.
      const assistance = page.locator('#deliveries li[data-system="SOCIAL_ASSISTANCE"]');
      await assistance.and(page.locator('[data-status="PENDING"]')).waitFor();
      await page.locator('#retry-notice', { hasText: '社会救助系统暂时无法连接' }).waitFor();
      await page.locator('#intake-status[data-status="IN_PROGRESS"]').waitFor();
      const intakeId = (await page.locator('#intake-id').textContent())!;

      // The system comes back; the page keeps reading the intake until nothing is pending.
      await pages.stack.fault('SOCIAL_ASSISTANCE', { mode: 'none' });
      await page.locator('#intake-status[data-status="COMPLETE"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('#deliveries li[data-status="PENDING"]').count()).toBe(0);
      expect(await assistance.getAttribute('data-status')).toBe('DELIVERED');
      expect(await page.locator('#retry-notice').count()).toBe(0);

      const stored = await readIntake(pages.stack, intakeId);
      const shown = await page.locator('#deliveries li').evaluateAll((lis) => Object.fromEntries(lis.map((li) => [li.getAttribute('data-system'), li.getAttribute('data-status')])));
      expect(shown).toEqual(Object.fromEntries(stored.deliveries.map((d) => [d.system, d.status])));
      const forms = await page.locator('#forms li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-form-type')));
      expect(forms.sort()).toEqual(stored.forms.map((f) => f.type).sort());
      expect(forms).toEqual(expect.arrayContaining(['SUBSISTENCE_ALLOWANCE_CANCELLATION', 'DEATH_REGISTRATION_REPORT', 'POPULATION_CHANGE_REGISTER']));
      await page.locator('#forms').getByText('表1 最低生活保障注销审批表').waitFor();
      expect(await page.locator('#deliveries li[data-system="SOCIAL_ASSISTANCE"] .badge').textContent()).toBe('已送达');

      await page.screenshot({ path: join(ARTIFACTS, 'intake-death-report-phone.png'), fullPage: true });
      expect(pages.reports().slice(reportsBefore)).toHaveLength(1);
      expect(pages.reports()[reportsBefore].purpose).toBe('community-intake');
      expect(intakesOf(pages.stack, [person.idNumber])).toBe(1);
      await page.context().close();
    });

    it('shows a bad ID number in Chinese at the field and sends nothing', async () => {
      const person = resident();
      const wrong = person.idNumber.slice(0, 17) + (person.idNumber.endsWith('1') ? '2' : '1');
      const page = await pages.page();
      await page.goto(await qrLink(pages, GUIHU));
      const before = pages.posts.length;
      await fillDeath(page, { idNumber: wrong, name: person.name });
      await page.getByRole('button', { name: '提交上报' }).click();

      const error = page.locator('#idNumber-error');
      await error.waitFor();
      expect(await error.textContent()).toContain(RULE_MESSAGES.checkCharacter);
      // Tied to the field for a screen reader, and the summary takes the focus.
      expect(await page.getByLabel('身份证号').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('身份证号').getAttribute('aria-describedby')).toContain('idNumber-error');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
      await page.screenshot({ path: join(ARTIFACTS, 'intake-bad-id-phone.png'), fullPage: true });
      await page.locator('#error-summary a[href="#idNumber"]').click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('idNumber');

      // Nothing reached the gateway: no report, not even a read.
      expect(pages.posts.slice(before)).toEqual([]);
      expect(intakesOf(pages.stack, [person.idNumber, wrong])).toBe(0);
      await page.context().close();
    });

    it("shows the server's rejection at its field (a name that does not match the registry)", async () => {
      const person = resident();
      const page = await pages.page();
      await page.goto(await qrLink(pages, GUIHU));
      await fillDeath(page, { idNumber: person.idNumber, name: '王不符' });
      await submitReport(page);
      await page.locator('#name-error', { hasText: RULE_MESSAGES.nameMismatch }).waitFor();
      expect(await page.getByLabel('姓名').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#idNumber-error').isHidden()).toBe(true);
      expect(intakesOf(pages.stack, [person.idNumber])).toBe(0);

      // Corrected, the same report goes through.
      await page.getByLabel('姓名').fill(person.name);
      await submitReport(page);
      await page.locator('#intake-id').waitFor();
      expect(intakesOf(pages.stack, [person.idNumber])).toBe(1);
      await page.context().close();
    });

    it('reports once on a double tap, and once when an answer is lost and the page sends again', async () => {
      const tapped = resident();
      const page = await pages.page();
      await page.goto(await qrLink(pages, GUIHU));
      const before = pages.reports().length;
      await fillDeath(page, tapped);
      await page.getByRole('button', { name: '提交上报' }).dblclick();
      await page.getByRole('button', { name: '确认上报' }).dblclick();
      await page.evaluate(() => {
        const form = document.querySelector<HTMLFormElement>('#report-form')!;
        form.requestSubmit();
        form.requestSubmit();
      });
      await page.locator('#intake-id').waitFor();
      expect(pages.reports().length - before).toBe(1);
      expect(intakesOf(pages.stack, [tapped.idNumber])).toBe(1);

      // The next report: its first answer is cut off after the gateway took it.
      const lost = resident();
      let cut = false;
      await page.route('**/graphql', async (route) => {
        if (!cut && route.request().postData()?.includes('reportPopulationChange')) {
          cut = true;
          await route.fetch(); // the gateway receives and stores it...
          return route.abort('connectionreset'); // ...the phone never hears back
        }
        return route.continue();
      });
      await page.getByRole('button', { name: '上报下一条' }).click();
      await fillDeath(page, lost);
      const sent = pages.reports().length;
      await submitReport(page);
      await page.locator('#intake-id').waitFor();
      const resent = pages.reports().slice(sent);
      expect(resent).toHaveLength(2);
      const keys = resent.map((p) => (p.variables.input as { idempotencyKey: string }).idempotencyKey);
      expect(keys[0]).toBe(keys[1]);
      expect(keys[0]).not.toBe((pages.reports()[before].variables.input as { idempotencyKey: string }).idempotencyKey);
      expect(intakesOf(pages.stack, [lost.idNumber])).toBe(1);
      await page.context().close();
    });

    it('cannot report with an expired QR credential, nor with one for another community', async () => {
      const person = resident();
      const before = intakesOf(pages.stack, [person.idNumber]);

      // Expired before the page opened: said at once, the form cannot be sent.
      const stale = await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, GUIHU, { ttlSeconds: 3600, now: new Date(Date.now() - 8 * 86_400_000) });
      let page = await pages.page();
      await page.goto(intakeLink(pages.url, GUIHU, stale.token));
      await page.locator('#notice', { hasText: '二维码已过期' }).waitFor();
      expect(await page.getByRole('button', { name: '提交上报' }).isDisabled()).toBe(true);
      // And the gateway itself refuses it.
      const direct = await pages.stack.query('{ communities { code } }', {}, stale.token);
      expect(direct.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      await page.context().close();

      // Expiring while the worker fills in the form: the server refuses, the page says why.
      // Long enough to outlast a slow first page load on a loaded machine, then waited out.
      const short = await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, GUIHU, { ttlSeconds: 20 });
      page = await pages.page();
      await page.goto(intakeLink(pages.url, GUIHU, short.token));
      await fillDeath(page, person);
      await page.waitForTimeout(Math.max(0, short.expiresAt.getTime() - Date.now()) + 1500);
      await submitReport(page);
      await page.locator('#notice', { hasText: '二维码已过期或无效，本次没有上报' }).waitFor();
      expect(await page.getByRole('button', { name: '提交上报' }).isDisabled()).toBe(true);
      await page.context().close();

      // Another community's credential on this community's link: refused by the server, said in Chinese.
      const foreign = await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, DAFENG);
      page = await pages.page();
      await page.goto(intakeLink(pages.url, GUIHU, foreign.token));
      await fillDeath(page, person);
      await submitReport(page);
      await page.locator('#notice', { hasText: '这个二维码不属于本社区' }).waitFor();
      await page.context().close();

      expect(intakesOf(pages.stack, [person.idNumber])).toBe(before);
    });
  });
});
