/**
 * The audit writer thread: owns the write connection to the audit file (synchronous=FULL) and
 * commits each batch the main thread sends as one transaction, so the fsync never blocks the
 * event loop that serves requests. Started by sqliteWriter.ts with workerData { file }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { batchAppender, openAuditDatabase } from './sqliteSchema';
import type { AuditEntry } from './types';

export interface WriterRequest {
  id: number;
  batch: AuditEntry[][];
}
export type WriterReply = { type: 'ready' } | { type: 'done'; id: number; records: unknown[][] } | { type: 'failed'; id: number; code: string | null; message: string };

const port = parentPort!;
const db = openAuditDatabase((workerData as { file: string }).file);
// The WAL shrinks back to this after a checkpoint instead of keeping its high-water size (bytes on disk per read).
db.pragma('journal_size_limit = 4194304');
const append = batchAppender(db);

port.on('message', (msg: WriterRequest | 'close') => {
  if (msg === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    port.postMessage({ type: 'done', id: msg.id, records: append(msg.batch) } satisfies WriterReply);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    port.postMessage({ type: 'failed', id: msg.id, code: typeof code === 'string' ? code : null, message: err instanceof Error ? err.message : String(err) } satisfies WriterReply);
  }
});
port.postMessage({ type: 'ready' } satisfies WriterReply);
