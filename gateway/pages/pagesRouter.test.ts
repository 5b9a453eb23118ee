/**
 * The pages router on its own (no graph needed): who may generate a community's QR code, what
 * the code encodes, and how the built pages are served.
 */
import express from 'express';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { mintIntakeCredential } from '../../platform/auth/intakeCredential';
import { DEVELOPMENT_JWT_SECRET, mintToken, verifyToken } from '../../platform/auth/tokens';
import { listen, type RunningServer } from '../../platform/server/listen';
import { gatewayConfig } from '../config';
import { createAuthenticator } from '../context';
import { renderQr } from './qrCodes';
import { pagesRouter } from './router';

const COMMUNITY = '510114001001';
const STYLE = 'body { margin: 0; }\n'.repeat(50);
const OTHER = '510114002001';
// The gateway's own authenticator, over the development secret the tokens below are signed with.
const authenticate = createAuthenticator(gatewayConfig({ NODE_ENV: 'test' }));

describe('pages router', () => {
  let server: RunningServer;
  let webDir: string;
  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'intake.html'), '<!doctype html><title>intake</title>');
    writeFileSync(join(webDir, 'assets', 'intake-ABC123.js'), 'export {};');
    writeFileSync(join(webDir, 'assets', 'app-DEF456.css'), STYLE);
    writeFileSync(join(webDir, 'assets', 'app-DEF456.css.br'), brotliCompressSync(STYLE));
    writeFileSync(join(webDir, 'assets', 'app-DEF456.css.gz'), gzipSync(STYLE));
    const app = express();
    app.use(pagesRouter({ jwtSecret: DEVELOPMENT_JWT_SECRET, authenticate, webDir, publicUrl: 'https://rk.example.cn/' }));
    server = await listen(app, 0);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const get = async (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const worker = (community: string) => mintToken(DEVELOPMENT_JWT_SECRET, { role: 'community', community, subject: 'worker-1' });

  it("gives a community worker their community's code: a PNG encoding the intake link with a week-long credential for that community", async () => {
    const res = await get(`/qr/${COMMUNITY}.png`, await worker(COMMUNITY));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const link = res.headers.get('x-intake-link')!;
    const [, credential] = /^https:\/\/rk\.example\.cn\/intake\?community=510114001001#credential=(.+)$/.exec(link)!;
    await expect(verifyToken(DEVELOPMENT_JWT_SECRET, credential)).resolves.toEqual({ role: 'community', community: COMMUNITY, subject: expect.stringMatching(new RegExp(`^qr:${COMMUNITY}:[A-Za-z0-9_-]{22}$`)) });
    const days = (Date.parse(res.headers.get('x-intake-link-expires')!) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(7);
    // A 600-pixel PNG (signature, then IHDR width); the SVG test below proves what the codes encode.
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(600);
  });

  it('renders SVG too, and lets supervision generate any community with a chosen lifetime', async () => {
    const res = await get(`/qr/${OTHER}.svg?days=2`, await mintToken(DEVELOPMENT_JWT_SECRET, { role: 'supervision' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    const link = res.headers.get('x-intake-link')!;
    expect(link).toContain(`community=${OTHER}#credential=`);
    // The image is exactly the QR code of that link.
    expect(await res.text()).toBe((await renderQr(link, 'svg')).toString('utf8'));
    expect(Math.round((Date.parse(res.headers.get('x-intake-link-expires')!) - Date.now()) / 86_400_000)).toBe(2);
  });

  it("refuses another community's worker, a department clerk and a QR credential (403), no token (401)", async () => {
    expect((await get(`/qr/${OTHER}.png`, await worker(COMMUNITY))).status).toBe(403);
    expect((await get(`/qr/${COMMUNITY}.png`, await mintToken(DEVELOPMENT_JWT_SECRET, { role: 'civil-affairs' }))).status).toBe(403);
    const qr = await mintIntakeCredential(DEVELOPMENT_JWT_SECRET, COMMUNITY);
    const refused = await get(`/qr/${COMMUNITY}.png`, qr.token);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(await refused.json())).toContain('"code":"FORBIDDEN"');
    const anonymous = await get(`/qr/${COMMUNITY}.png`);
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(await anonymous.json())).toContain('"code":"UNAUTHENTICATED"');
  });

  it('says what is wrong with a bad lifetime (400) or a bad file name (404)', async () => {
    const token = await worker(COMMUNITY);
    const tooLong = await get(`/qr/${COMMUNITY}.png?days=90`, token);
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await tooLong.json())).toContain('days must be a whole number from 1 to 31');
    expect((await get('/qr/5101.png', token)).status).toBe(404);
    expect((await get(`/qr/${COMMUNITY}.gif`, token)).status).toBe(404);
  });

  it('serves a built page with a strict Content-Security-Policy, assets cached for good, and says when a page is not built', async () => {
    const page = await get('/intake?community=510114001001');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const asset = await get('/assets/intake-ABC123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await get('/assets/missing.js')).status).toBe(404);
    const desk = await get('/desk');
    expect(desk.status).toBe(503);
    expect(await desk.text()).toContain('npm run build:web');
  });

  it("sends a script or stylesheet as the build's brotli or gzip copy, as the browser accepts, cached for a year; as is to one that takes neither", async () => {
    const fetchWith = (encoding: string) => fetch(`${server.url}/assets/app-DEF456.css`, { headers: { 'accept-encoding': encoding } });
    for (const [accepts, sent] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['identity', null]] as const) {
      const res = await fetchWith(accepts);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(sent);
      expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('vary')).toContain('Accept-Encoding');
      // fetch undoes the encoding: what arrives is the stylesheet itself.
      expect(await res.text()).toBe(STYLE);
    }
    // An asset the build did not compress is still sent, plainly.
    const plain = await fetch(`${server.url}/assets/intake-ABC123.js`, { headers: { 'accept-encoding': 'br' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe('export {};');
    expect((await fetch(`${server.url}/assets/%2e%2e/intake.html`, { headers: { 'accept-encoding': 'br' } })).status).toBe(404);
  });

  it('never mints a QR credential for longer than the gateway accepts tokens (JWT_MAX_LIFETIME_SECONDS)', async () => {
    const app = express();
    // Tokens live at most 3 days here: a week-long default and ?days=4 would make codes the gateway refuses.
    app.use(pagesRouter({ jwtSecret: DEVELOPMENT_JWT_SECRET, authenticate, webDir, publicUrl: 'https://rk.example.cn/', maxCredentialTtlSeconds: 3 * 86_400 }));
    const short = await listen(app, 0);
    try {
      const token = await worker(COMMUNITY);
      const at = (path: string) => fetch(`${short.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const tooLong = await at(`/qr/${COMMUNITY}.svg?days=4`);
      expect(tooLong.status).toBe(400);
      expect(JSON.stringify(await tooLong.json())).toContain('days must be a whole number from 1 to 3');
      const byDefault = await at(`/qr/${COMMUNITY}.svg`);
      expect(byDefault.status).toBe(200);
      const days = (Date.parse(byDefault.headers.get('x-intake-link-expires')!) - Date.now()) / 86_400_000;
      expect(Math.round(days)).toBe(3);
      expect((await at(`/qr/${COMMUNITY}.svg?days=3`)).status).toBe(200);
    } finally {
      await short.close();
    }
  });
});
