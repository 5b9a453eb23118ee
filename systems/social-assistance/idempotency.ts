/**
 * The Idempotency-Key quirk of the social assistance system (modelled on the IETF
 * draft-ietf-httpapi-idempotency-key-header): the first answer to a key is stored with a
 * fingerprint of the request; the same key with the same request replays that answer without
 * writing again, the same key with another request is refused with 422.
 */
import { createHash } from 'node:crypto';
import type { GroupCommit } from '../../platform/stores/groupCommit';
import type { SqliteDatabase } from '../../platform/stores/sqlite';

export interface StoredReply {
  status: number;
  body: string;
}

export type KeyedOutcome = { kind: 'fresh'; reply: StoredReply } | { kind: 'replay'; reply: StoredReply } | { kind: 'conflict' };

/** A fingerprint of what the request asks for: method, path and the body with its keys sorted. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class IdempotencyStore {
  private readonly find;
  private readonly save;

  constructor(
    db: SqliteDatabase,
    private readonly commit: GroupCommit,
  ) {
    this.find = db.prepare<[string], { fingerprint: string; status: number; response_body: string }>(
      'SELECT fingerprint, status, response_body FROM idempotency_keys WHERE key = ?',
    );
    this.save = db.prepare('INSERT INTO idempotency_keys (key, fingerprint, status, response_body, created_at) VALUES (?, ?, ?, ?, ?)');
  }

  /**
   * Runs `handle` at most once per key. The write `handle` makes and the stored reply commit in
   * one transaction, so a crash can never leave a write without its key (or a key without its write);
   * the outcome resolves once that transaction is on disk.
   */
  once(key: string, fingerprint: string, handle: () => StoredReply): Promise<KeyedOutcome> {
    // The group commit's transaction is IMMEDIATE: a second process sharing the file waits for the key instead of racing to write it.
    return this.commit.run((): KeyedOutcome => {
      const stored = this.find.get(key);
      if (stored) {
        return stored.fingerprint === fingerprint ? { kind: 'replay', reply: { status: stored.status, body: stored.response_body } } : { kind: 'conflict' };
      }
      const reply = handle();
      this.save.run(key, fingerprint, reply.status, reply.body, new Date().toISOString());
      return { kind: 'fresh', reply };
    });
  }
}
