/**
 * Signing in through the embedded OpenID provider, in chromium, with no token pasted: the desk
 * sends a clerk to the provider, the clerk picks who they are, and comes back signed in with an
 * access token the gateway accepts (a real forms query answers); a reload and a new tab are still
 * signed in; signing out ends the session in every tab and at the provider, and the page's next
 * query is refused. At phone and desk widths; the community worker signs in on the intake page
 * (which QR helpers open too, so it waits for a click). Screenshots go to test-artifacts/.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { freePort, startChild, type ChildService } from '../support/childProcess';
import { withChromium } from '../support/environment';
import { ARTIFACTS, startPageStack, type PageStack } from './support';

jest.setTimeout(180_000);

const SESSION_KEY = 'residentGraph.signIn.session';

withChromium('sign-in with OpenID Connect', () => {
  describe('sign-in with OpenID Connect', () => {
    let pages: PageStack;
    let identity: ChildService;
    let issuer: string;

    beforeAll(async () => {
      const port = await freePort();
      issuer = `http://127.0.0.1:${port}`;
      pages = await startPageStack({ gatewayEnv: { OIDC_ISSUER_URL: issuer } });
      identity = await startChild('scripts/identity/main.ts', { IDENTITY_PORT: String(port), IDENTITY_PAGES_ORIGINS: pages.url }, `${issuer}/.well-known/openid-configuration`, 60_000);
    }, 180_000);
    afterAll(async () => {
      await identity?.kill();
      await pages?.close();
    });

    /** A context whose waits allow a loaded 2-core CI machine (playwright's default is 30 s). */
    async function browserContext(phone: boolean): Promise<BrowserContext> {
      const context = await pages.context({ phone });
      context.setDefaultTimeout(60_000);
      context.setDefaultNavigationTimeout(60_000);
      return context;
    }

    const stored = (page: Page) => page.evaluate((key) => localStorage.getItem(key), SESSION_KEY);
    const formsShown = (page: Page) => page.locator('#forms-summary', { hasText: '本月' }).waitFor({ timeout: 60_000 });
    /** What the page's own query gets with whatever token it holds now. */
    const queryFromPage = (page: Page) =>
      page.evaluate(async (key) => {
        const session = localStorage.getItem(key);
        const token = session ? (JSON.parse(session) as { accessToken: string }).accessToken : null;
        const res = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-purpose': 'department-forms', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
        return { status: res.status, code: ((await res.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code ?? null };
      }, SESSION_KEY);

    async function pickUser(page: Page, name: string, screenshot: string): Promise<void> {
      await page.waitForURL((url) => url.href.startsWith(`${issuer}/interaction/`));
      await page.getByRole('heading', { name: '选择登录身份' }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, screenshot), fullPage: true });
      await page.getByRole('button', { name }).click();
    }

    for (const width of [
      { label: 'desk', phone: false, clerk: '民政部门办事员（演示）', role: '民政部门' },
      { label: 'phone', phone: true, clerk: '卫生健康', role: '卫生健康部门' },
    ]) {
      it(`signs a clerk in at the ${width.label} width, keeps them signed in across a reload and a new tab, and signs them out everywhere`, async () => {
        const context = await browserContext(width.phone);
        try {
          const page = await context.newPage();
          await page.goto(`${pages.url}/desk`);
          // No click: the desk sends a signed-out clerk to the provider.
          await pickUser(page, width.phone ? '卫健部门办事员（演示）' : width.clerk, `signin-provider-${width.label}.png`);
          await page.waitForURL(`${pages.url}/desk`);
          await page.locator('#who', { hasText: width.role }).waitFor();
          await formsShown(page);
          await page.locator('#signed-in-name').waitFor();
          expect(page.url()).toBe(`${pages.url}/desk`); // the code and state are gone from the address bar
          expect(await page.locator('#token-input').count()).toBe(0); // no token box on the normal path
          const session = JSON.parse((await stored(page))!) as { accessToken: string; name: string };
          expect(session.accessToken.split('.')).toHaveLength(3);
          expect(await queryFromPage(page)).toEqual({ status: 200, code: null });
          await page.screenshot({ path: join(ARTIFACTS, `signin-desk-${width.label}.png`), fullPage: true });

          // A reload: still signed in, without a trip to the provider.
          const before = pages.posts.filter((p) => p.operation === 'forms').length;
          await page.reload();
          await formsShown(page);
          expect(page.url()).toBe(`${pages.url}/desk`);
          expect(pages.posts.filter((p) => p.operation === 'forms').length).toBeGreaterThan(before);

          if (!width.phone) {
            // The access token expires (made so in storage): the desk signs in again by itself, the provider's
            // session answering without asking who (no user list), and the clerk is back at work.
            await page.evaluate((key) => {
              const expired = { ...(JSON.parse(localStorage.getItem(key)!) as object), expiresAt: Date.now() - 1000, useUntil: Date.now() - 1000 };
              localStorage.setItem(key, JSON.stringify(expired));
            }, SESSION_KEY);
            const visited: string[] = [];
            page.on('framenavigated', (frame) => frame === page.mainFrame() && visited.push(frame.url()));
            await page.reload();
            await formsShown(page);
            // The provider's redirects are not pages of their own: what shows is the desk coming back with a code.
            expect(visited.some((url) => url.startsWith(`${pages.url}/desk?code=`))).toBe(true);
            expect(visited.some((url) => url.startsWith(`${issuer}/interaction/`))).toBe(false);
            expect(JSON.parse((await stored(page))!).accessToken).not.toBe(session.accessToken);
          }

          // A new tab of the same browser: signed in too.
          const tab = await context.newPage();
          await tab.goto(`${pages.url}/desk`);
          await formsShown(tab);
          await tab.locator('#who', { hasText: width.role }).waitFor();
          expect(tab.url()).toBe(`${pages.url}/desk`);

          // Sign-out: through the provider's end_session and back, signed out here and in the other tab.
          await page.getByRole('button', { name: '退出登录' }).click();
          await page.locator('#signin-error', { hasText: '您已退出登录' }).waitFor();
          expect(page.url()).toBe(`${pages.url}/desk`);
          expect(await stored(page)).toBeNull();
          expect(await page.locator('#workspace').isHidden()).toBe(true);
          expect(await queryFromPage(page)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
          await page.screenshot({ path: join(ARTIFACTS, `signin-signed-out-${width.label}.png`), fullPage: true });
          // The other tab follows: it reloads signed out.
          await tab.locator('#signin-error', { hasText: '您已退出登录' }).waitFor();
          expect(await tab.locator('#workspace').isHidden()).toBe(true);

          // Signing in again asks who (the provider's session ended too).
          await page.getByRole('button', { name: '登录', exact: true }).click();
          await pickUser(page, width.phone ? '卫健部门办事员（演示）' : width.clerk, `signin-provider-again-${width.label}.png`);
          await formsShown(page);
        } finally {
          await context.close();
        }
      });
    }

    it('signs a community worker in on the intake page at the phone width, on a click (the page QR helpers open too)', async () => {
      const context = await browserContext(true);
      try {
        const page = await context.newPage();
        await page.goto(`${pages.url}/intake`);
        await page.locator('#oidc-signin').waitFor();
        expect(page.url()).toBe(`${pages.url}/intake`);
        expect(await page.locator('#signin-hint').textContent()).toContain('扫描社区办公室张贴的二维码');
        await page.screenshot({ path: join(ARTIFACTS, 'signin-intake-card-phone.png'), fullPage: true });
        await page.locator('#oidc-signin').click();
        await pickUser(page, '桂湖社区工作人员（演示）', 'signin-provider-intake-phone.png');
        await page.waitForURL(`${pages.url}/intake`);
        // The community's name comes from a real query with the signed-in worker's token.
        await page.locator('#community-name', { hasText: '桂湖社区' }).waitFor();
        await page.locator('#signed-in-name', { hasText: '桂湖社区工作人员' }).waitFor();
        expect(await page.locator('#workspace').isVisible()).toBe(true);
        await page.reload();
        await page.locator('#community-name', { hasText: '桂湖社区' }).waitFor();
        await page.screenshot({ path: join(ARTIFACTS, 'signin-intake-phone.png'), fullPage: true });
      } finally {
        await context.close();
      }
    });

    it('refuses a sign-in whose role does not fit the page, offers to sign in as someone else, and makes a QR code signed in as supervision', async () => {
      const context = await browserContext(false);
      try {
        const page = await context.newPage();
        await page.goto(`${pages.url}/qr`);
        await pickUser(page, '人社部门办事员（演示）', 'signin-provider-qr.png');
        await page.locator('#signin-error', { hasText: '只有社区工作人员或监督部门可以生成二维码' }).waitFor();
        expect(await page.locator('#qr-form').isHidden()).toBe(true);
        await page.getByRole('button', { name: '退出并换一个账号登录' }).click();
        await page.locator('#signin-error', { hasText: '您已退出登录' }).waitFor();
        await page.getByRole('button', { name: '登录', exact: true }).click();
        await pickUser(page, '纪检监察员（演示）', 'signin-provider-qr-again.png');
        await page.locator('#qr-form').waitFor();
        // The QR image is fetched with the signed-in supervisor's access token (GET /qr/<community>.svg).
        await page.getByRole('button', { name: '生成二维码' }).click();
        await page.waitForFunction(() => (document.querySelector('#qr-image') as HTMLImageElement | null)?.naturalWidth);
        await page.screenshot({ path: join(ARTIFACTS, 'signin-qr-supervision.png'), fullPage: true });
      } finally {
        await context.close();
      }
    });
  });
});
