/**
 * One system's lane in a delivery worker: at most `concurrency` of its deliveries in progress at
 * once, and never two for the same resident at the same time: a delivery for a resident whose
 * earlier one is still in progress starts when that one ends, in the order they were claimed (a
 * death and a correction for one person must reach the system in the order they were reported).
 * The store keeps the same order between processes (SQLite: a resident's later delivery is not
 * claimable while an earlier one is PENDING); the lane keeps it within this process.
 */
export class Lane {
  /** The last delivery started per resident: the next one for that resident runs after it. */
  private readonly tails = new Map<string, Promise<void>>();
  private running = 0;

  constructor(readonly concurrency: number) {}

  /** How many more deliveries this lane may take now. */
  get free(): number {
    return Math.max(0, this.concurrency - this.running);
  }

  /**
   * Runs `work` for `resident` (a key only compared in memory, never logged) once the resident's
   * earlier work in this lane has ended; `work` is given that moment to wait for, so it can hold
   * its claim (heartbeat) while it waits. Resolves when `work` ends; never rejects.
   */
  run(resident: string, work: (turn: Promise<void>) => Promise<void>): Promise<void> {
    this.running += 1;
    const turn = this.tails.get(resident) ?? Promise.resolve();
    const done = work(turn)
      .catch(() => undefined)
      .finally(() => {
        this.running -= 1;
        if (this.tails.get(resident) === done) this.tails.delete(resident);
      });
    this.tails.set(resident, done);
    return done;
  }
}
