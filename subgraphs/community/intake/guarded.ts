/** Store failures become a coded error that says nothing was accepted. */
import { errors } from '../../../platform/errors';
import { StoreUnavailableError } from '../../../platform/intake/types';

export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof StoreUnavailableError) {
      throw errors.storeUnavailable(err.message);
    }
    throw err;
  }
}
