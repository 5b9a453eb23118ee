/**
 * The built pages (npm run build:web writes them to dist/web): each page's HTML at its path,
 * never cached, and the hashed scripts and styles under /assets, cached for good. A strict
 * Content-Security-Policy: everything from this origin, nothing inline, nothing from a CDN.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';

/** Page path -> built HTML file. */
export const PAGES: Readonly<Record<string, string>> = {
  '/intake': 'intake.html',
  '/desk': 'desk.html',
  '/qr': 'qr.html',
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // QR images arrive as blobs (fetched with the bearer token), downloads likewise.
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The pages' policy when they sign in with an OpenID provider on another origin: they read its
 * discovery document and exchange the sign-in code at its token endpoint (fetch), nothing more.
 */
export function policyWithSignIn(signInOrigin: string | undefined): string {
  return signInOrigin ? CONTENT_SECURITY_POLICY.replace("connect-src 'self'", `connect-src 'self' ${signInOrigin}`) : CONTENT_SECURITY_POLICY;
}

/** `policy`: a page that needs more than the default Content-Security-Policy (the explorer's fonts, the sign-in provider). */
export function pageHandler(webDir: string, file: string, policy = CONTENT_SECURITY_POLICY) {
  return (_req: Request, res: Response): void => {
    const path = join(webDir, file);
    if (!existsSync(path)) {
      res.status(503).type('text/plain; charset=utf-8').send(`The web pages are not built (${file} is missing in ${webDir}): run npm run build:web.`);
      return;
    }
    res.set({
      'Content-Security-Policy': policy,
      'Cache-Control': 'no-cache',
      // The credential travels in the fragment; no referrer leaks the page's query either.
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
    res.sendFile(path);
  };
}

/** Where an asset is cached: its name carries a content hash (see scripts/buildWeb.ts), so it never goes stale. */
const ASSET_CACHING = { maxAge: '365d', immutable: true } as const;

/** The compressed copies the build writes next to each script and stylesheet, best first. */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/** A script or stylesheet name, nothing that could climb out of the assets folder. */
const COMPRESSIBLE = /^\/(?:chunks\/)?[\w.-]+\.(?:js|css)$/;

/**
 * The hashed assets, each sent as the build's brotli or gzip copy when the browser takes it
 * (compressed once at build, not on every request), else as is.
 */
export function assetsHandler(webDir: string) {
  const dir = join(webDir, 'assets');
  const plain = express.static(dir, { ...ASSET_CACHING, index: false, fallthrough: false, setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff') });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!COMPRESSIBLE.test(req.path) || req.path.includes('..')) return plain(req, res, next);
    res.vary('Accept-Encoding');
    // Ours is the order that counts: browsers list gzip before br, and br is smaller.
    const copy = PRECOMPRESSED.find((p) => req.acceptsEncodings(p.encoding) === p.encoding && existsSync(join(dir, req.path + p.suffix)));
    if (!copy) return plain(req, res, next);
    res.type(extname(req.path));
    res.set({ 'Content-Encoding': copy.encoding, 'X-Content-Type-Options': 'nosniff' });
    res.sendFile(join(dir, req.path + copy.suffix), ASSET_CACHING, (err) => err && next(err));
  };
}
