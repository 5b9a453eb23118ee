/**
 * In-flight deduplication of identical system reads: while one read is on its way, an identical
 * read (same method, path, body and headers) waits for the same answer instead of making a
 * second call. Only for reads that are safe to share; the entry goes as soon as the call settles,
 * so nothing is cached beyond the call itself (a read after a write still asks the system).
 */
export class InFlightReads<T> {
  private readonly calls = new Map<string, Promise<T>>();

  /** The call in flight under `key`, or a new one made by `call`. */
  share(key: string, call: () => Promise<T>): Promise<T> {
    const pending = this.calls.get(key);
    if (pending) return pending;
    const made = call().finally(() => this.calls.delete(key));
    this.calls.set(key, made);
    return made;
  }

  /** How many distinct reads are in flight (for tests and metrics). */
  get size(): number {
    return this.calls.size;
  }
}

/** The identity of a read: what the system sees, header order aside. */
export function readKey(method: string, path: string, body: string | undefined, headers: Record<string, string> | undefined): string {
  const sorted = headers ? Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];
  return JSON.stringify([method, path, body ?? null, sorted]);
}
