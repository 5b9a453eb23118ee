/**
 * Group commit: appends that arrive while a commit runs wait, and the next commit takes all of
 * them at once (one transaction, one fsync for many requests). Nothing waits for a timer: the
 * first append commits at once, alone; under load each commit carries what queued behind the last.
 * A failed commit fails every append in it (each caller then fails closed).
 */
export interface GroupCommit<I, O> {
  /** Resolves with this submission's results once its batch is committed; rejects with the batch's error. */
  submit(items: I): Promise<O>;
  /** Resolves when nothing is queued or committing. */
  idle(): Promise<void>;
}

interface Waiting<I, O> {
  items: I;
  resolve: (out: O) => void;
  reject: (err: unknown) => void;
}

/**
 * `commit` gets the submissions of one batch, in arrival order, and returns one result per
 * submission. At most `maxBatch` submissions per commit, so one commit stays bounded in size.
 */
export function groupCommit<I, O>(commit: (batch: I[]) => Promise<O[]>, maxBatch = 256): GroupCommit<I, O> {
  let queue: Array<Waiting<I, O>> = [];
  let running: Promise<void> | null = null;

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const out = await commit(batch.map((w) => w.items));
        batch.forEach((w, i) => w.resolve(out[i]));
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    running = null;
  }

  return {
    submit(items) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ items, resolve, reject });
        running ??= drain();
      });
    },
    async idle() {
      while (running) await running;
    },
  };
}
