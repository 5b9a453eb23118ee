/**
 * The delivery handlers' invalidation hook: once a department's write-through has changed a
 * system, the resident's cached records of that system stop being served before the delivery is
 * marked DELIVERED, so no read after a COMPLETE report sees the old value. If the cache cannot be
 * invalidated, the attempt fails (CACHE_INVALIDATION_FAILED) and the worker retries it: the
 * write is idempotent, the invalidation is tried again.
 */
import type { SystemRecordCache } from '../cache/recordCache';
import type { DeliveryHandler } from '../delivery/worker';

export function invalidatingHandler(handler: DeliveryHandler, cache: SystemRecordCache): DeliveryHandler {
  return {
    ...handler,
    async deliver(intake) {
      const idNumber = intake.change.idNumber;
      let outcome;
      try {
        outcome = await handler.deliver(intake);
      } catch (err) {
        // A failed attempt may have written part of the change: stop serving what it may have changed (best effort; the attempt fails anyway).
        await cache.invalidate(handler.system, idNumber).catch(() => undefined);
        throw err;
      }
      // NOT_APPLICABLE wrote nothing: the cached records are still the system's.
      if (outcome.status === 'DELIVERED') await cache.invalidate(handler.system, idNumber);
      return outcome;
    },
  };
}
