/**
 * Maps over items with at most `limit` calls in flight: how a loader or an adapter reads a system
 * that takes one record (or one batch) per call without flooding it. Results keep the input order.
 */

/**
 * Every item's result, or the first failure as a rejection: after a failure no further item is
 * started, and the calls in flight are waited for (none is left running unobserved).
 */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (limit < 1) throw new RangeError(`limit must be at least 1, but got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { reason: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (reason) {
        failure ??= { reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.reason;
  return results;
}

/**
 * Every item's outcome, fulfilled or rejected, so one bad record does not fail the rest
 * (DataLoader's per-key errors): the caller decides what a failure means for its item.
 */
export async function settleWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  if (limit < 1) throw new RangeError(`limit must be at least 1, but got ${limit}`);
  const results = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i], i) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
