/**
 * Group commit on a SQLite file in WAL mode: the writes asked for in one turn of the event loop
 * share one IMMEDIATE transaction and one fsync of the WAL, done on libuv's thread pool so the
 * event loop keeps serving while the disk works. Each write runs in a savepoint of its own
 * (better-sqlite3 nests a transaction function as a SAVEPOINT), so a write that throws undoes only
 * its own rows and is refused alone; the others commit. A write's promise resolves only once its
 * transaction is on disk: the connection runs synchronous=NORMAL (a commit only appends to the
 * WAL) and the fsync below is what makes the commit durable before anyone is told.
 *
 * If a checkpoint moved the frames into the database file meanwhile, SQLite synced the WAL before
 * copying (and the database after), so the fsync here has nothing left to lose.
 */
import { open } from 'node:fs/promises';
import type { SqliteDatabase } from './sqlite';

export interface GroupCommitOptions {
  /** Most writes in one transaction; more wait for the next. @default 256 */
  maxBatch?: number;
  /**
   * Maps a failure of the shared transaction to what every write of the batch is refused with:
   * `committed` false when BEGIN or COMMIT failed (nothing stored), true when the commit went
   * through but its fsync failed (stored, durability unknown). @default the error itself
   */
  onBatchError?: (err: unknown, committed: boolean) => unknown;
}

export interface GroupCommit {
  /** Runs `write` (synchronous SQLite work) in the next shared transaction; resolves with its result once that transaction is durable. */
  run<T>(write: () => T): Promise<T>;
  /** Waits for the writes already asked for; later ones are refused. */
  close(): Promise<void>;
}

interface Queued {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** fsync of the WAL (where a NORMAL commit's frames are); the database file when there is no WAL (nothing unsynced then either). */
async function syncWal(file: string): Promise<void> {
  const handle = await open(`${file}-wal`, 'r').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? open(file, 'r') : Promise.reject(err)));
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function groupCommit(db: SqliteDatabase, file: string, options: GroupCommitOptions = {}): GroupCommit {
  const maxBatch = options.maxBatch ?? 256;
  const onBatchError = options.onBatchError ?? ((err: unknown) => err);
  // NORMAL: a commit appends to the WAL without waiting for the disk; syncWal makes it durable.
  if (file !== ':memory:') db.pragma('synchronous = NORMAL');
  let queue: Queued[] = [];
  let scheduled = false;
  let closed = false;
  const inFlight = new Set<Promise<void>>();

  const commitBatch = db.transaction((batch: Queued[]): Outcome[] =>
    batch.map((item) => {
      try {
        // A savepoint per write: its failure rolls back its rows only.
        return { ok: true as const, value: db.transaction(item.write)() };
      } catch (error) {
        return { ok: false as const, error };
      }
    }),
  );

  const flush = async (batch: Queued[]) => {
    let outcomes: Outcome[] | undefined;
    try {
      outcomes = commitBatch.immediate(batch);
      if (file !== ':memory:') await syncWal(file);
    } catch (err) {
      const refused = onBatchError(err, outcomes !== undefined);
      for (const item of batch) item.reject(refused);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  };

  const drain = () => {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      const done = flush(batch).finally(() => inFlight.delete(done));
      inFlight.add(done);
    }
  };

  return {
    run<T>(write: () => T): Promise<T> {
      if (closed) return Promise.reject(new Error('the store is closed: no write is taken after close()'));
      return new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
        if (scheduled) return;
        scheduled = true;
        // setImmediate: every write asked for in this turn (a burst of requests) joins the batch.
        setImmediate(drain);
      });
    },
    async close() {
      closed = true;
      if (scheduled) drain();
      await Promise.all(inFlight);
    },
  };
}
