/**
 * The GraphiQL explorer in a real browser against the whole stack: it loads from the gateway
 * alone (every request the page makes stays on the gateway's origin, no console error, no
 * Content-Security-Policy violation), shows the SDL's descriptions in its documentation pane,
 * and runs a query as the role picked in the page.
 */
import { decodeJwt } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createGateway } from '../../gateway/app';
import { gatewayConfig } from '../../gateway/config';
import { envPrefix } from '../../platform/services';
import { listen, type RunningServer } from '../../platform/server/listen';
import { buildWeb } from '../../scripts/buildWeb';
import { CHROMIUM_PATH, withChromium } from '../support/environment';
import { startStack, type Stack } from '../support/stack';

jest.setTimeout(120_000);

withChromium('the GraphiQL explorer in chromium', () => {
  describe('the GraphiQL explorer in chromium', () => {
    const webDir = mkdtempSync(join(tmpdir(), 'explorer-pages-'));
    let stack: Stack;
    let server: RunningServer;
    let stopGateway: () => Promise<void>;
    let browser: Browser;

    beforeAll(async () => {
      [stack] = await Promise.all([startStack(), buildWeb({ outDir: webDir })]);
      // A development gateway over the stack's subgraphs, serving the pages built for this test.
      const env: NodeJS.ProcessEnv = { NODE_ENV: 'development', SUPERGRAPH_FILE: join(__dirname, '..', '..', 'schema', 'supergraph.graphql') };
      for (const [name, running] of Object.entries(stack.subgraphs)) env[`${envPrefix(name)}_URL`] = running.url;
      const gateway = await createGateway(gatewayConfig(env), { webDir });
      stopGateway = () => gateway.stop();
      server = await listen(gateway.app, 0);
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      server?.server.closeAllConnections();
      await server?.close();
      await stopGateway?.();
      await stack?.close();
      rmSync(webDir, { recursive: true, force: true });
    });

    it('loads from the gateway alone, shows the SDL descriptions, and runs a query as the chosen role', async () => {
      const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' })).newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      const origins = new Set<string>();
      const graphqlRoles: string[] = [];
      page.on('request', (r) => {
        origins.add(new URL(r.url()).origin);
        const auth = r.headers().authorization;
        if (r.url().endsWith('/graphql') && auth) graphqlRoles.push(String(decodeJwt(auth.replace(/^Bearer /, '')).role));
      });

      await page.goto(`${server.url}/explorer`);
      await page.locator('#status', { hasText: '已登录' }).waitFor();
      // The documentation pane is open: the root Query type, then a field's description from schema/health.graphql.
      await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().click();
      await page.locator('.graphiql-doc-explorer').getByText('recordedDeaths', { exact: true }).first().click();
      await page.locator('.graphiql-doc-explorer', { hasText: 'Residents the health platform records as deceased' }).waitFor();

      await page.selectOption('#role', 'hrss');
      await page.getByRole('button', { name: '以此角色登录' }).click();
      await page.locator('#status', { hasText: 'hrss' }).waitFor();
      await page.evaluate(() => {
        const editor = document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { setValue(text: string): void } };
        editor.CodeMirror.setValue('{ residents(first: 2) { nodes { pension { kind status } } totalCount } }');
      });
      await page.locator('.graphiql-execute-button').click();
      const response = page.locator('.graphiql-response');
      await response.getByText('totalCount').waitFor();
      const shown = await response.innerText();
      expect(shown).toMatch(/"pension"/);
      expect(shown).not.toMatch(/"errors"/);
      expect(graphqlRoles.at(-1)).toBe('hrss');
      expect(graphqlRoles).toContain('civil-affairs');

      expect([...origins]).toEqual([server.url]);
      expect(problems).toEqual([]);
      await page.screenshot({ path: join(__dirname, '..', '..', 'test-artifacts', 'explorer.png') });
    });
  });
});
