/** What the system-record cache keeps, wherever it keeps it (process memory or the platform's Redis). */

/** One cached record's two keys: its value, and the resident's generation in that system (bumped by every write-through). */
export interface EntryKeys {
  valueKey: string;
  generationKey: string;
}

export interface StoredRead {
  /** The cached payload, or null when absent, expired or from an older generation. */
  payload: string | null;
  /** The generation the entry has now: a fill made with it is refused once a write bumped it. */
  generation: string;
}

export interface Fill extends EntryKeys {
  /** The generation read before the system was asked (from {@link StoredRead}). */
  generation: string;
  payload: string;
}

export interface RecordCacheStore {
  read(entries: readonly EntryKeys[]): Promise<StoredRead[]>;
  /** Stores each payload for `ttlMs` unless its generation changed since it was read (a write-through came in between). */
  fill(fills: readonly Fill[], ttlMs: number): Promise<void>;
  /** Bumps a generation: every value cached under it stops being served, and fills read before it are refused. */
  invalidate(generationKey: string): Promise<void>;
  close(): Promise<void>;
}
