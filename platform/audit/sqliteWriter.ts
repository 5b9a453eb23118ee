/**
 * The main thread's side of the audit writer thread (sqliteWriter.worker.ts): batches appends
 * with group commit and sends each batch to the thread. A thread that fails to start, crashes
 * or exits fails the batches in flight with AuditUnavailableError (the reads they guard are
 * withheld) and is started again on the next append: a broken thread never hangs a request.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DIST_DIR } from '../paths';
import { groupCommit } from './groupCommit';
import { AuditUnavailableError, type AuditEntry, type AuditRecord } from './types';
import type { WriterReply, WriterRequest } from './sqliteWriter.worker';

/** A thread not ready after this long is given up on (and started again by the next append). */
const START_TIMEOUT_MS = 15_000;

/**
 * From source (tsx, jest) the thread requires the .ts file through tsx's CommonJS hook (a
 * development dependency, only loaded then); from the build it runs the bundle `npm run build`
 * writes next to the services (dist/platform/audit/).
 */
function startWorker(file: string): Worker {
  const source = join(__dirname, 'sqliteWriter.worker.ts');
  if (__filename.endsWith('.ts') && existsSync(source)) {
    return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true, workerData: { file } });
  }
  return new Worker(builtWorker(), { workerData: { file } });
}

/**
 * The worker bundle of the build this bundle belongs to: the nearest folder above this bundle
 * holding platform/audit/sqliteWriter.worker.js (dist/, a benchmark's own dist/bench-<pid>/, the
 * image's /app/dist/), else dist/ as npm run build lays it out.
 */
function builtWorker(): string {
  const relativePath = join('platform', 'audit', 'sqliteWriter.worker.js');
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, relativePath))) return join(dir, relativePath);
  }
  return join(DIST_DIR, relativePath);
}

interface Pending {
  resolve: (records: AuditRecord[][]) => void;
  reject: (err: unknown) => void;
}

export interface AuditWriter {
  append(entries: readonly AuditEntry[]): Promise<AuditRecord[]>;
  close(): Promise<void>;
}

export function sqliteAuditWriter(file: string): AuditWriter {
  let thread: Promise<Worker> | null = null;
  const pending = new Map<number, Pending>();
  let nextId = 0;

  const failAll = (err: unknown) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  function start(): Promise<Worker> {
    return new Promise<Worker>((resolve, reject) => {
      const worker = startWorker(file);
      const timer = setTimeout(() => {
        reject(new AuditUnavailableError('the audit writer thread did not start'));
        void worker.terminate();
      }, START_TIMEOUT_MS);
      const gone = (why: string) => {
        clearTimeout(timer);
        thread = null;
        const err = new AuditUnavailableError(why);
        reject(err);
        failAll(err);
      };
      worker.on('message', (reply: WriterReply) => {
        if (reply.type === 'ready') {
          clearTimeout(timer);
          resolve(worker);
          return;
        }
        const p = pending.get(reply.id);
        pending.delete(reply.id);
        if (pending.size === 0) worker.unref();
        if (!p) return;
        if (reply.type === 'done') p.resolve(reply.records as AuditRecord[][]);
        else p.reject(reply.code?.startsWith('SQLITE_') ? new AuditUnavailableError(`SQLite ${reply.code}`) : new Error(reply.message));
      });
      // The message names the failure, never an entry (the thread only reports SQLite's words).
      worker.on('error', (err) => gone(`the audit writer thread failed: ${err.message}`));
      worker.on('exit', (code) => gone(`the audit writer thread exited (code ${code})`));
    });
  }

  async function commit(batch: AuditEntry[][]): Promise<AuditRecord[][]> {
    const worker = await (thread ??= start());
    return new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      // Held open only while a commit is in flight: an idle writer never keeps a process alive.
      worker.ref();
      worker.postMessage({ id, batch } satisfies WriterRequest);
    });
  }

  const group = groupCommit<AuditEntry[], AuditRecord[]>(commit);

  return {
    append: (entries) => group.submit([...entries]),
    async close() {
      await group.idle();
      const running = thread;
      thread = null;
      const worker = await running?.catch(() => null);
      if (!worker) return;
      const exited = new Promise((done) => worker.once('exit', done));
      // Held open until the thread has closed the database: the caller goes on after close().
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
