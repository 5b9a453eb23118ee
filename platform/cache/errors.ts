/** A write-through changed a system but its residents' cached records could not be invalidated: the delivery must not be marked DELIVERED (the worker retries it). */
export class CacheInvalidationError extends Error {
  readonly code = 'CACHE_INVALIDATION_FAILED';
  constructor(system: string, cause: unknown) {
    super(`CACHE_INVALIDATION_FAILED: the ${system} write-through succeeded but the system-record cache could not be invalidated (${cause instanceof Error ? cause.message : 'unknown error'}); the delivery is retried so no read serves the old record.`, { cause });
    this.name = 'CacheInvalidationError';
  }
}
