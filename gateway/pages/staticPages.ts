/**
 * The built pages (npm run build:web writes them to dist/web): each page's HTML at its path,
 * never cached, and the hashed scripts and styles under /assets, cached for good. A strict
 * Content-Security-Policy: everything from this origin, nothing inline, nothing from a CDN.
 */
import express, { type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

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

/** `policy`: a page that needs more than the default Content-Security-Policy (the explorer's fonts). */
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

/** Assets carry a content hash in their names (see scripts/buildWeb.ts), so they never go stale. */
export function assetsHandler(webDir: string) {
  return express.static(join(webDir, 'assets'), {
    immutable: true,
    maxAge: '365d',
    index: false,
    fallthrough: false,
    setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
  });
}
