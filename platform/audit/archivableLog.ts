/** The store side of archiving (archive.ts), in a module of its own so each store's implementation imports it without a loop. */
import type { ChainHead } from './chain';
import type { AuditRecord } from './types';

/** What archiving needs of a store. */
export interface ArchivableLog {
  /** Where the live chain starts (the last archived record, or the genesis). */
  base(): Promise<ChainHead>;
  /** Up to `limit` live records after `after`, in chain order, stopping at the first appended at or after `before`. */
  olderThan(after: number, before: string, limit: number): Promise<AuditRecord[]>;
  /** Makes `through` the base and removes the records up to it with their index entries, atomically. */
  dropThrough(through: ChainHead): Promise<void>;
  close(): Promise<void>;
}
