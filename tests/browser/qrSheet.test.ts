/**
 * The QR sheet as a district that prints posters for a year sets it up (QR_MAX_LIFETIME_DAYS 365):
 * the office chooses a lifetime within the district's, the sheet prints a short link beside the
 * code and warns that a code pointing at this machine would open nothing on a phone; the short
 * link, typed on a phone, opens the community's intake page with a credential that ends when the
 * code's does.
 */
import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayConfig } from '../../gateway/config';
import { createAuthenticator } from '../../gateway/context';
import { pagesRouter } from '../../gateway/pages';
import { DEVELOPMENT_JWT_SECRET } from '../../platform/auth/tokens';
import { listen, type RunningServer } from '../../platform/server/listen';
import { buildWeb } from '../../scripts/buildWeb';
import { ARTIFACTS, startPageStack, type PageStack } from './support';
import { withChromium } from '../support/environment';

const GUIHU = '510114001001';
const YEAR_SECONDS = 365 * 86_400;

jest.setTimeout(120_000);

withChromium('the QR sheet for posters', () => {
  describe('the QR sheet for posters', () => {
    let pages: PageStack;
    let district: RunningServer;
    const webDir = mkdtempSync(join(tmpdir(), 'web-qr-'));

    beforeAll(async () => {
      [pages] = await Promise.all([startPageStack(), buildWeb({ outDir: webDir })]);
      // The district's gateway: posters for up to a year, no PUBLIC_URL; the graph is the stack's, through the page stack's front.
      const app = express();
      const config = gatewayConfig({ NODE_ENV: 'test', JWT_MAX_LIFETIME_SECONDS: String(YEAR_SECONDS), QR_MAX_LIFETIME_DAYS: '365' });
      app.use(pagesRouter({ jwtSecret: DEVELOPMENT_JWT_SECRET, authenticate: createAuthenticator(config), webDir, maxCredentialTtlSeconds: config.qrMaxLifetimeSeconds }));
      app.use(express.raw({ type: () => true }), async (req, res) => {
        const headers = Object.fromEntries(['authorization', 'content-type', 'x-purpose', 'accept'].flatMap((n) => (typeof req.headers[n] === 'string' ? [[n, req.headers[n] as string]] : [])));
        const answer = await fetch(`${pages.url}${req.originalUrl}`, { method: req.method, headers, body: Buffer.isBuffer(req.body) && req.body.length ? new Uint8Array(req.body) : undefined });
        res.status(answer.status).type(answer.headers.get('content-type') ?? 'application/json').send(Buffer.from(await answer.arrayBuffer()));
      });
      district = await listen(app, 0);
    }, 120_000);
    afterAll(async () => {
      await district?.close();
      await pages?.close();
      rmSync(webDir, { recursive: true, force: true });
    });

    it('offers lifetimes up to the district’s year, prints a short link, warns of a loopback address, and the short link opens the intake page on a phone', async () => {
      const page = await pages.page({ phone: false });
      await page.goto(`${district.url}/qr`);
      await page.getByLabel('登录令牌').fill(await pages.stack.token('community', GUIHU));
      await page.getByRole('button', { name: '登录' }).click();
      await page.locator('#days-hint', { hasText: '最长有效 365 天' }).waitFor();
      const offered = await page.locator('#days option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      expect(offered).toEqual(['1', '7', '31', '90', '180', '365']);
      expect(await page.locator('#days').inputValue()).toBe('90');
      await page.getByLabel('有效期').selectOption('365');
      await page.getByRole('button', { name: '生成二维码' }).click();
      await page.locator('#sheet-title', { hasText: '桂湖社区' }).waitFor();
      await page.waitForFunction(() => (document.querySelector('#qr-image') as HTMLImageElement | null)?.naturalWidth);

      // Served on 127.0.0.1 with no PUBLIC_URL: the code points at this machine, and the sheet says so.
      const warning = page.locator('#qr-warning');
      await warning.waitFor();
      expect(await warning.textContent()).toContain('网关没有配置 PUBLIC_URL');
      expect(await warning.textContent()).toContain(new URL(district.url).host);

      const link = (await page.locator('#qr-image').getAttribute('data-link'))!;
      const shortLink = (await page.locator('#qr-short-link').textContent())!;
      expect(shortLink).toMatch(new RegExp(`^${district.url}/q/${GUIHU}-[2-9A-HJKMNP-Z]+-[2-9A-HJKMNP-Z]{16}$`));
      expect(shortLink.length).toBeLessThan(link.length / 4);
      const exp = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp: number }).exp;
      const codeExpiry = exp(link.split('#credential=')[1]);
      expect(Math.round((codeExpiry * 1000 - Date.now()) / 86_400_000)).toBe(365);
      await page.locator('#qr-expiry', { hasText: '有效期至' }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'qr-sheet-year-desk.png'), fullPage: true });

      // On paper: the code, the name and the short link; no warning, no buttons.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('#qr-short-link').isVisible()).toBe(true);
      expect(await warning.isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: '复制短链接' }).isVisible()).toBe(false);
      await page.context().close();

      // Typed on a phone: the community's intake page, with a credential ending when the code's does.
      const phone = await pages.page();
      const landed = await phone.goto(shortLink);
      const redirect = await landed!.request().redirectedFrom()!.response();
      expect(redirect!.status()).toBe(303);
      const [, credential] = /\/intake\?community=510114001001#credential=(.+)$/.exec(redirect!.headers().location)!;
      expect(exp(credential)).toBe(codeExpiry);
      // The page takes the credential out of the address bar, and is ready to report for the community.
      await phone.waitForURL(`${district.url}/intake?community=${GUIHU}`);
      await phone.locator('#workspace').waitFor();
      await phone.screenshot({ path: join(ARTIFACTS, 'qr-short-link-phone.png'), fullPage: true });
      await phone.context().close();
    });
  });
});
