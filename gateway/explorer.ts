/**
 * The GraphiQL explorer for department app developers, in development only: /explorer, signed
 * in as a role picked in the page (a development token minted here, only while the public
 * development secret is in use), with the SDL's descriptions in its documentation pane (from
 * introspection, which is on outside production). GraphiQL and React come from their npm
 * packages' prebuilt bundles (development dependencies), served from this origin: nothing from a
 * CDN. In production nothing here is mounted: every path answers 404 like any unknown one.
 */
import express, { Router, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ROLES } from '../platform/auth/caller';
import { DEVELOPMENT_JWT_SECRET, mintToken } from '../platform/auth/tokens';
import { PROJECT_ROOT } from '../platform/paths';
import { DEFAULT_WEB_DIR } from './pages/router';
import { CONTENT_SECURITY_POLICY, pageHandler } from './pages/staticPages';

export interface ExplorerOptions {
  /** NODE_ENV=production: no explorer at all. */
  production: boolean;
  /** The secret bearer tokens are signed with: tokens are minted only when it is the public development one. */
  jwtSecret: string;
  /** Folder of the built pages (explorer.html and its script). @default dist/web */
  webDir?: string;
}

/** The prebuilt bundles the page loads, by the name it asks for: fixed files, never a path from the request. */
export const EXPLORER_VENDOR_FILES: Readonly<Record<string, string>> = {
  'react.js': 'node_modules/react/umd/react.production.min.js',
  'react-dom.js': 'node_modules/react-dom/umd/react-dom.production.min.js',
  'graphiql.js': 'node_modules/graphiql/graphiql.min.js',
  'graphiql.css': 'node_modules/graphiql/graphiql.min.css',
};

/** The pages' policy, plus the fonts GraphiQL's stylesheet embeds as data: URLs. */
const EXPLORER_POLICY = `${CONTENT_SECURITY_POLICY}; font-src 'self' data:`;

/** A community worker's token needs the community; this one is in the seed (510114001001). */
const SAMPLE_COMMUNITY = '510114001001';
/** Explorer tokens live for a working day. */
const TOKEN_LIFETIME_SECONDS = 8 * 3600;

const TokenRequest = z
  .strictObject({ role: z.enum(ROLES), community: z.string().regex(/^\d{12}$/, 'must be a 12-digit community code').optional() })
  .refine((r) => r.role !== 'community' || r.community, { path: ['community'], message: 'is required for the community role (e.g. 510114001001)' });

function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export function explorerRouter(options: ExplorerOptions): Router {
  const router = Router();
  if (options.production) return router;
  const webDir = options.webDir ?? DEFAULT_WEB_DIR;
  const mintsTokens = options.jwtSecret === DEVELOPMENT_JWT_SECRET;

  router.get('/explorer', pageHandler(webDir, 'explorer.html', EXPLORER_POLICY));
  router.get('/explorer/vendor/:file', (req: Request, res: Response) => {
    const name = String(req.params.file);
    const file = Object.hasOwn(EXPLORER_VENDOR_FILES, name) ? EXPLORER_VENDOR_FILES[name] : undefined;
    const path = file && join(PROJECT_ROOT, file);
    if (!path || !existsSync(path)) {
      refuse(res, 404, 'NOT_FOUND', file ? `${file} is missing: run npm ci (graphiql, react and react-dom are development dependencies).` : 'No such explorer file.');
      return;
    }
    res.set({ 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    res.sendFile(path);
  });
  router.get('/explorer/session', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ roles: ROLES, sampleCommunity: SAMPLE_COMMUNITY, mintsTokens });
  });
  router.post('/explorer/token', express.json({ limit: '1kb' }), async (req: Request, res: Response) => {
    if (!mintsTokens) {
      refuse(res, 403, 'FORBIDDEN', 'The explorer mints tokens only with the public development secret; this gateway has a JWT_SECRET of its own: paste a token (npm run token) in the Headers pane as Authorization: Bearer <token>.');
      return;
    }
    const parsed = TokenRequest.safeParse(req.body);
    if (!parsed.success) {
      refuse(res, 400, 'BAD_USER_INPUT', `Expected {"role": one of ${ROLES.join(', ')}, "community": 12 digits for the community role}: ${z.prettifyError(parsed.error)}`);
      return;
    }
    const token = await mintToken(DEVELOPMENT_JWT_SECRET, { ...parsed.data, subject: `explorer-${parsed.data.role}`, expiresIn: TOKEN_LIFETIME_SECONDS });
    res.set('Cache-Control', 'no-store').json({ token, role: parsed.data.role, expiresInSeconds: TOKEN_LIFETIME_SECONDS });
  });
  return router;
}
