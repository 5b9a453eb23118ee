/**
 * The QR code's short link, its poster lifetime and its loopback warning: the link grants what
 * the code does (the same community, the same expiry) and nothing once changed or expired; the
 * district's longest lifetime is validated against the gateway's token lifetime.
 */
import express from 'express';
import { DEVELOPMENT_JWT_SECRET, mintToken, verifyToken } from '../../platform/auth/tokens';
import { listen, type RunningServer } from '../../platform/server/listen';
import { gatewayConfig } from '../config';
import { createAuthenticator } from '../context';
import { isLoopbackUrl } from './qrCodes';
import { pagesRouter } from './router';
import { readShortCode, shortPath } from './shortLinks';

const COMMUNITY = '510114001001';
const OTHER_SECRET = 'another-secret-of-at-least-thirty-two-characters';
const authenticate = createAuthenticator(gatewayConfig({ NODE_ENV: 'test' }));
const YEAR = 365 * 86_400;

describe('a short link', () => {
  const expiresAt = new Date('2027-06-01T00:00:00Z');

  it('is short and readable: the community, the expiry and a signature, without 0/O or 1/I/L', () => {
    const path = shortPath(DEVELOPMENT_JWT_SECRET, COMMUNITY, expiresAt);
    expect(path).toMatch(/^\/q\/510114001001-[2-9A-HJKMNP-Z]{1,8}-[2-9A-HJKMNP-Z]{16}$/);
    expect(path.length).toBeLessThanOrEqual(45);
  });

  it('grants the community and expiry it was made for, typed in any case, under the secret or a previous one', () => {
    const code = shortPath(DEVELOPMENT_JWT_SECRET, COMMUNITY, expiresAt).slice(3);
    expect(readShortCode(code, [DEVELOPMENT_JWT_SECRET])).toEqual({ community: COMMUNITY, expiresAt });
    expect(readShortCode(code.toLowerCase(), [DEVELOPMENT_JWT_SECRET])).toEqual({ community: COMMUNITY, expiresAt });
    expect(readShortCode(code, [OTHER_SECRET, DEVELOPMENT_JWT_SECRET])).toEqual({ community: COMMUNITY, expiresAt });
    expect(readShortCode(code, [OTHER_SECRET])).toBeNull();
  });

  it('grants nothing when its community, expiry or signature is changed', () => {
    const [community, expiry, mac] = shortPath(DEVELOPMENT_JWT_SECRET, COMMUNITY, expiresAt).slice(3).split('-');
    const other = (text: string, i: number) => text.slice(0, i) + (text[i] === '2' ? '3' : '2') + text.slice(i + 1);
    expect(readShortCode(`510114002001-${expiry}-${mac}`, [DEVELOPMENT_JWT_SECRET])).toBeNull();
    expect(readShortCode(`${community}-${other(expiry, 0)}-${mac}`, [DEVELOPMENT_JWT_SECRET])).toBeNull();
    expect(readShortCode(`${community}-${expiry}-${other(mac, 15)}`, [DEVELOPMENT_JWT_SECRET])).toBeNull();
    expect(readShortCode(`${community}-${expiry}-${mac}0`, [DEVELOPMENT_JWT_SECRET])).toBeNull();
  });
});

describe('loopback links', () => {
  it.each(['http://127.0.0.1:4000/intake', 'http://localhost/intake', 'http://[::1]:4000/x', 'http://0.0.0.0/x', 'http://app.localhost/x', 'http://127.8.9.10/x'])('%s is this machine', (link) => {
    expect(isLoopbackUrl(link)).toBe(true);
  });
  it.each(['https://rk.xindu.gov.cn/intake', 'http://192.168.1.20:4000/intake', 'http://128.0.0.1/x', 'not a link'])('%s is not', (link) => {
    expect(isLoopbackUrl(link)).toBe(false);
  });
});

describe('the QR sheet through the pages router', () => {
  let server: RunningServer;
  let configured: RunningServer;
  beforeAll(async () => {
    // As the district sets it for posters: a year. One gateway without PUBLIC_URL (reached on loopback), one with.
    const app = express().use(pagesRouter({ jwtSecret: DEVELOPMENT_JWT_SECRET, authenticate, webDir: '/nonexistent', maxCredentialTtlSeconds: YEAR, previousSecrets: [OTHER_SECRET] }));
    server = await listen(app, 0);
    configured = await listen(express().use(pagesRouter({ jwtSecret: DEVELOPMENT_JWT_SECRET, authenticate, webDir: '/nonexistent', publicUrl: 'https://rk.example.cn', maxCredentialTtlSeconds: YEAR })), 0);
  });
  afterAll(async () => {
    await server?.close();
    await configured?.close();
  });
  const worker = () => mintToken(DEVELOPMENT_JWT_SECRET, { role: 'community', community: COMMUNITY, subject: 'worker-1' });
  const code = async (at: RunningServer, query: string) => fetch(`${at.url}/qr/${COMMUNITY}.svg${query}`, { headers: { authorization: `Bearer ${await worker()}` } });

  it('tells the sheet the lifetimes it may offer and whether links have a configured address', async () => {
    expect(await (await fetch(`${server.url}/qr/settings.json`)).json()).toEqual({ maxDays: 365, defaultDays: 7, publicUrlConfigured: false });
    expect(await (await fetch(`${configured.url}/qr/settings.json`)).json()).toEqual({ maxDays: 365, defaultDays: 7, publicUrlConfigured: true });
  });

  it('makes a code for a year, with a short link that opens the same intake page with a credential for the same community until the same instant', async () => {
    const res = await code(configured, '?days=365');
    expect(res.status).toBe(200);
    const expires = Date.parse(res.headers.get('x-intake-link-expires')!);
    expect(Math.round((expires - Date.now()) / 86_400_000)).toBe(365);
    expect(res.headers.get('x-intake-link-loopback')).toBe('false');
    const short = res.headers.get('x-intake-short-link')!;
    expect(short).toMatch(/^https:\/\/rk\.example\.cn\/q\/510114001001-/);

    // Opened (on this server; the printed address is the public one).
    const opened = await fetch(`${configured.url}${new URL(short).pathname}`, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('cache-control')).toBe('no-store');
    const [, credential] = /^https:\/\/rk\.example\.cn\/intake\?community=510114001001#credential=(.+)$/.exec(opened.headers.get('location')!)!;
    await expect(verifyToken(DEVELOPMENT_JWT_SECRET, credential, YEAR)).resolves.toMatchObject({ role: 'community', community: COMMUNITY });
    const [, qrCredential] = /#credential=(.+)$/.exec(res.headers.get('x-intake-link')!)!;
    const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp: number; role: string; community: string };
    expect(claims(credential)).toMatchObject({ exp: claims(qrCredential).exp, role: 'community', community: COMMUNITY });
  });

  it('refuses a lifetime beyond the district’s, and warns of a link to this machine when no PUBLIC_URL is set', async () => {
    const tooLong = await code(server, '?days=366');
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await tooLong.json())).toContain('days must be a whole number from 1 to 365');
    const local = await code(server, '?days=30');
    expect(local.headers.get('x-intake-link')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/intake/);
    expect(local.headers.get('x-intake-link-loopback')).toBe('true');
  });

  it('says in Chinese when a short link is wrong (404) or has expired (410)', async () => {
    const wrong = await fetch(`${server.url}/q/510114001001-ABC-${'2'.repeat(16)}`, { redirect: 'manual' });
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain('链接无效');
    const expired = await fetch(`${server.url}${shortPath(DEVELOPMENT_JWT_SECRET, COMMUNITY, new Date(Date.now() - 60_000))}`, { redirect: 'manual' });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('已经过期');
    // Signed before a rotation: still opens, as its code does.
    const rotated = await fetch(`${server.url}${shortPath(OTHER_SECRET, COMMUNITY, new Date(Date.now() + 86_400_000))}`, { redirect: 'manual' });
    expect(rotated.status).toBe(303);
  });
});

describe('QR_MAX_LIFETIME_DAYS', () => {
  it('sets how long a poster may last, within the gateway’s token lifetime', () => {
    expect(gatewayConfig({ NODE_ENV: 'test' }).qrMaxLifetimeSeconds).toBe(31 * 86_400);
    expect(gatewayConfig({ NODE_ENV: 'test', JWT_MAX_LIFETIME_SECONDS: String(YEAR), QR_MAX_LIFETIME_DAYS: '365' }).qrMaxLifetimeSeconds).toBe(YEAR);
    // Unset, it follows a shorter token lifetime rather than fail.
    expect(gatewayConfig({ NODE_ENV: 'test', JWT_MAX_LIFETIME_SECONDS: String(3 * 86_400) }).qrMaxLifetimeSeconds).toBe(3 * 86_400);
  });

  it('is refused beyond JWT_MAX_LIFETIME_SECONDS or outside 1-366, naming the setting and the rule', () => {
    expect(() => gatewayConfig({ NODE_ENV: 'test', QR_MAX_LIFETIME_DAYS: '365' })).toThrow(/must not exceed JWT_MAX_LIFETIME_SECONDS[\s\S]*at QR_MAX_LIFETIME_DAYS/);
    expect(() => gatewayConfig({ NODE_ENV: 'test', JWT_MAX_LIFETIME_SECONDS: String(YEAR), QR_MAX_LIFETIME_DAYS: '400' })).toThrow(/QR_MAX_LIFETIME_DAYS/);
    expect(() => gatewayConfig({ NODE_ENV: 'test', QR_MAX_LIFETIME_DAYS: '0' })).toThrow(/QR_MAX_LIFETIME_DAYS/);
  });
});
