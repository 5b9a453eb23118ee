/**
 * Cache keys never hold an ID number in clear: each is an HMAC-SHA256 of (system, record kind,
 * ID number) under a key derived from the internal secret for this use alone, so a Redis dump
 * neither shows nor (without the secret) lets anyone test for a given person's number.
 */
import { createHmac } from 'node:crypto';
import { derivedKey } from '../auth/secrets';
import type { EntryKeys } from './types';

/** The kind under which a resident's generation in one system is kept (one per system, shared by every kind of record). */
const GENERATION = '*';
/** The id under which a system's listings' generation is kept: every write to the system bumps it. */
const LISTINGS = '#listings';

export function cacheKeys(secret: string, prefix: string) {
  const key = derivedKey(secret, 'system-cache');
  const digest = (system: string, kind: string, id: string) => createHmac('sha256', key).update(JSON.stringify([system, kind, id])).digest('base64url');
  return {
    entry: (system: string, kind: string, id: string): EntryKeys => ({
      valueKey: `${prefix}sc:v:${digest(system, kind, id)}`,
      generationKey: `${prefix}sc:g:${digest(system, GENERATION, id)}`,
    }),
    /** A listing (a page, an export) by its parameters, under the system's listings generation. */
    listing: (system: string, kind: string, params: string): EntryKeys => ({
      valueKey: `${prefix}sc:v:${digest(system, `list:${kind}`, params)}`,
      generationKey: `${prefix}sc:g:${digest(system, GENERATION, LISTINGS)}`,
    }),
    generation: (system: string, id: string) => `${prefix}sc:g:${digest(system, GENERATION, id)}`,
    listings: (system: string) => `${prefix}sc:g:${digest(system, GENERATION, LISTINGS)}`,
  };
}
