/**
 * At most `limit` holders at once, the others wait in arrival order: how the HTTP client keeps a
 * system's calls in flight at the concurrency it tolerates (a legacy SOAP server is easily
 * flooded), whoever makes them (one request's loaders, several requests, the delivery worker).
 */
export class Slots {
  private held = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number of at least 1, but got ${limit}`);
  }

  /** Resolves when a slot is free; call the returned function once to give it back. */
  async acquire(): Promise<() => void> {
    if (this.held < this.limit) this.held++;
    else await new Promise<void>((r) => this.waiting.push(r));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next in line, so `held` only drops when no one waits.
      const next = this.waiting.shift();
      if (next) next();
      else this.held--;
    };
  }
}
