/**
 * Browser tests against the whole stack: the pages are built into a temporary folder, served by
 * pagesRouter on its own port 0 in front of the stack's gateway (everything else is passed
 * through to it unchanged, so pages and graph share one origin, as when the router is mounted
 * in the gateway), and driven by Debian's chromium through playwright-core. The front server
 * counts what reaches the gateway, so a test can prove a page sent nothing, or sent once.
 */
import Database from 'better-sqlite3';
import express from 'express';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { gatewayConfig } from '../../gateway/config';
import { createAuthenticator } from '../../gateway/context';
import { pagesRouter } from '../../gateway/pages';
import { DEVELOPMENT_JWT_SECRET } from '../../platform/auth/tokens';
import { listen, type RunningServer } from '../../platform/server/listen';
import { buildWeb } from '../../scripts/buildWeb';
import { startStack, type Stack, type StackOptions } from '../support/stack';

import { CHROMIUM_PATH } from '../support/environment';
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
/** An iPhone-sized screen: the intake page must work here without zooming. */
export const PHONE = { width: 375, height: 812 };

export interface GraphQLPost {
  operation: string;
  variables: Record<string, unknown>;
  purpose: string | undefined;
}

export interface PageStack {
  stack: Stack;
  /** Where the pages are served (same origin as /graphql and /exports). */
  url: string;
  browser: Browser;
  /** Every GraphQL request that reached the gateway, in order. */
  posts: GraphQLPost[];
  /** The reportPopulationChange mutations among them. */
  reports(): GraphQLPost[];
  /** A fresh browser context (no storage shared with other tests). */
  context(options?: { phone?: boolean }): Promise<BrowserContext>;
  page(options?: { phone?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

const HEADERS_TO_GATEWAY = ['authorization', 'content-type', 'x-purpose', 'x-request-id', 'accept', 'apollo-require-preflight'];
const HEADERS_FROM_GATEWAY = ['content-type', 'content-disposition', 'cache-control', 'x-request-id'];

function frontServer(stack: Stack, webDir: string, posts: GraphQLPost[], gatewayEnv: NodeJS.ProcessEnv = {}): express.Express {
  const app = express();
  // As the stack's gateway is configured for sign-in (OIDC_*), so is the pages' router in front of it.
  const config = gatewayConfig({ NODE_ENV: 'test', ...Object.fromEntries(Object.entries(gatewayEnv).filter(([name]) => name.startsWith('OIDC_'))) });
  const signInOrigin = config.oidc ? new URL(config.oidc.issuer).origin : undefined;
  app.use(pagesRouter({ jwtSecret: DEVELOPMENT_JWT_SECRET, authenticate: createAuthenticator(config), webDir, signInOrigin }));
  app.use(express.raw({ type: () => true, limit: '1mb' }));
  app.use(async (req, res, next) => {
    try {
      const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined;
      if (req.path === '/graphql' && body) {
        const parsed = JSON.parse(body.toString('utf8')) as { query: string; variables?: Record<string, unknown> };
        const operation = /\b(?:query|mutation)\s+\w+[^{]*\{\s*(\w+)/.exec(parsed.query)?.[1] ?? /\{\s*(\w+)/.exec(parsed.query)?.[1] ?? '?';
        posts.push({ operation, variables: parsed.variables ?? {}, purpose: req.headers['x-purpose'] as string | undefined });
      }
      const headers: Record<string, string> = {};
      for (const name of HEADERS_TO_GATEWAY) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name] as string;
      const answer = await fetch(`${stack.gatewayUrl}${req.originalUrl}`, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined });
      res.status(answer.status);
      for (const name of HEADERS_FROM_GATEWAY) {
        const value = answer.headers.get(name);
        if (value) res.setHeader(name, value);
      }
      res.send(Buffer.from(await answer.arrayBuffer()));
    } catch (err) {
      next(err);
    }
  });
  return app;
}

export async function startPageStack(options: StackOptions = {}): Promise<PageStack> {
  const webDir = mkdtempSync(join(tmpdir(), 'web-pages-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const [stack] = await Promise.all([startStack(options), buildWeb({ outDir: webDir })]);
  const posts: GraphQLPost[] = [];
  let front: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    front = await listen(frontServer(stack, webDir, posts, options.gatewayEnv), 0);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  } catch (err) {
    await front?.close();
    await stack.close();
    throw err;
  }
  const openBrowser = browser;
  const context = (o: { phone?: boolean } = {}) =>
    openBrowser.newContext({
      viewport: o.phone === false ? { width: 1280, height: 900 } : PHONE,
      isMobile: o.phone !== false,
      hasTouch: o.phone !== false,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
  return {
    stack,
    url: front.url,
    browser,
    posts,
    reports: () => posts.filter((p) => p.operation === 'reportPopulationChange'),
    context,
    page: async (o) => (await context(o)).newPage(),
    async close() {
      await openBrowser.close();
      front?.server.closeAllConnections();
      await front?.close();
      await stack.close();
      rmSync(webDir, { recursive: true, force: true });
    },
  };
}

/** The intake link a community worker's QR code carries, as the gateway renders it. */
export async function qrLink(pages: PageStack, community: string, name?: string): Promise<string> {
  const token = await pages.stack.token('community', community);
  const res = await fetch(`${pages.url}/qr/${community}.svg${name ? `?name=${encodeURIComponent(name)}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`the QR endpoint answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
  return res.headers.get('x-intake-link')!;
}

/**
 * How many intakes the durable store holds for these residents: the count "reported once" is
 * about, read from the store itself (the stack runs the embedded SQLite store).
 */
export function intakesOf(stack: Stack, idNumbers: string[]): number {
  const db = new Database(join(stack.dataDir, 'intake.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT json_extract(change, '$.idNumber') AS id FROM intakes").all() as { id: string }[];
    return rows.filter((r) => idNumbers.includes(r.id)).length;
  } finally {
    db.close();
  }
}

/** The intake page signed in with a community worker's own token (the bulk import and confirmations need one; a QR credential may not). */
export async function workerIntakePage(pages: PageStack, community: string, options: { phone?: boolean } = {}): Promise<Page> {
  const page = await pages.page(options);
  await page.goto(`${pages.url}/intake`);
  await page.getByLabel('登录令牌').fill(await pages.stack.token('community', community));
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('#workspace').waitFor();
  return page;
}

/** 提交上报, then 确认上报 on the check-your-answers step: the report goes out. */
/** Fills and sends a death report for `who` on the intake page, and waits for its receipt. */
export async function reportDeathOnPage(page: Page, who: { idNumber: string; name: string }): Promise<void> {
  await page.getByLabel('死亡', { exact: true }).check();
  await page.getByLabel('身份证号').fill(who.idNumber);
  await page.getByLabel('姓名').fill(who.name);
  await page.getByLabel('死亡地点').fill('新都区人民医院');
  await submitReport(page);
  await page.locator('#intake-reference').waitFor();
}

export async function submitReport(page: Page): Promise<void> {
  await page.getByRole('button', { name: '提交上报' }).click();
  await page.getByRole('button', { name: '确认上报' }).click();
}
