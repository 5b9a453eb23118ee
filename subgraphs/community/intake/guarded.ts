/**
 * Store failures become coded errors. Reads: try again. A report's answers say what is known of
 * it (extensions.stored): not stored, stored (with its id), or unknown (resend with the same key).
 */
import { errors } from '../../../platform/errors';
import { StoreUnavailableError } from '../../../platform/intake/types';

export async function guarded<T>(work: () => Promise<T>, onStoreError = (err: StoreUnavailableError) => errors.storeUnavailable(err.message)): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof StoreUnavailableError) throw onStoreError(err);
    throw err;
  }
}

/** Storing a report failed: it was not stored, or (a reply lost) it may have been. */
export const storing = <T>(work: () => Promise<T>) =>
  guarded(work, (err) =>
    err.applied === 'no'
      ? errors.storeUnavailable(`The intake store is unavailable (${err.detail}); the report was not stored. Send it again with the same idempotency key shortly.`, { stored: 'no' })
      : errors.storeUnavailable(
          `The intake store failed while storing the report (${err.detail}); it may or may not be stored. Send it again with the same idempotency key: a stored report is returned, never stored twice.`,
          { stored: 'unknown' },
        ),
  );

/** Checking a report (it reads earlier reports) failed: nothing of it was stored. */
export const checking = <T>(work: () => Promise<T>) =>
  guarded(work, (err) =>
    errors.storeUnavailable(`The intake store is unavailable (${err.detail}); the report was not accepted and not stored. Send it again with the same idempotency key shortly.`, { stored: 'no' }),
  );

/** The report is stored; only reading its progress failed: say so, with its id, so nobody reports it again as new. */
export const storedAlready = <T>(intakeId: string, work: () => Promise<T>) =>
  guarded(work, (err) =>
    errors.storeUnavailable(
      `The report was stored (intake ${intakeId}) and its deliveries go on, but the intake store could not be read for their progress (${err.detail}). Follow it with intake(id: "${intakeId}"); the same idempotency key returns this intake, so do not report it again as new.`,
      { stored: 'yes', intakeId },
    ),
  );
