/**
 * Maps over items with at most `limit` calls in flight: how a loader reads a system that takes
 * one record per call without flooding it. Results keep the input order; a failed item yields
 * its Error in place so one bad record does not fail the rest (DataLoader's per-key errors).
 */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<Array<R | Error>> {
  if (limit < 1) throw new RangeError(`limit must be at least 1, but got ${limit}`);
  const results = new Array<R | Error>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (err) {
        results[i] = err instanceof Error ? err : new Error(String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
