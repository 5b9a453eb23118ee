/**
 * Persisted-operations-only mode (PERSISTED_OPERATIONS_FILE): the gateway runs only the
 * operations in a safelist, a JSON manifest { "<sha256 of the query text>": "<query text>" }.
 * A client sends the hash, Apollo APQ style ({"extensions": {"persistedQuery": {"version": 1,
 * "sha256Hash": "..."}}}), with or without the text; the gateway runs the manifest's text. A
 * request without a hash, or with a hash (or text) not in the manifest, is refused before
 * authentication, planning or any subgraph. Operations are accepted by POST only.
 *
 * gateway/edge/persisted-operations.json is the manifest of the project's own clients; regenerate
 * it with `npx tsx gateway/edge/persistedManifest.ts` after changing one of their operations.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NextFunction, Request, Response } from 'express';
import { errorBody } from './errors';

export type PersistedManifest = ReadonlyMap<string, string>;

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** Reads and checks a manifest: every key must be the SHA-256 of its query text. */
export function loadPersistedManifest(file: string): PersistedManifest {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${file} must be a JSON object of "<sha256>": "<query text>" (PERSISTED_OPERATIONS_FILE).`);
  const manifest = new Map<string, string>();
  for (const [hash, query] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof query !== 'string' || sha256Hex(query) !== hash) throw new Error(`${file}: the entry ${hash} is not the SHA-256 of its query text; regenerate the manifest (PERSISTED_OPERATIONS_FILE).`);
    manifest.set(hash, query);
  }
  return manifest;
}

interface GraphQLBody {
  query?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } } & Record<string, unknown>;
}

/** Express middleware (after the JSON body parser) that swaps the hash for the safelisted text. */
export function persistedOperationsOnly(manifest: PersistedManifest) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST') {
      res.status(405).set('allow', 'POST').json(errorBody('PERSISTED_QUERY_ID_REQUIRED', 'Only safelisted operations are accepted, by POST with extensions.persistedQuery.sha256Hash.'));
      return;
    }
    const body = (req.body ?? {}) as GraphQLBody;
    const hash = body.extensions?.persistedQuery?.sha256Hash;
    if (typeof hash !== 'string') {
      res.status(400).json(errorBody('PERSISTED_QUERY_ID_REQUIRED', 'This gateway runs safelisted operations only: send extensions.persistedQuery.sha256Hash (the SHA-256 of a registered operation).'));
      return;
    }
    const query = manifest.get(hash);
    if (query === undefined || (body.query !== undefined && body.query !== query)) {
      res.status(400).json(errorBody('PERSISTED_QUERY_NOT_IN_LIST', 'This operation is not in the gateway’s safelist of persisted operations; register it in the manifest (PERSISTED_OPERATIONS_FILE).'));
      return;
    }
    // Apollo Server's own APQ is off in this mode: it gets plain text it can parse.
    const { persistedQuery: _used, ...extensions } = body.extensions ?? {};
    req.body = { ...body, query, extensions };
    next();
  };
}
