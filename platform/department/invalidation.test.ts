/** The delivery handlers' invalidation hook: DELIVERED only once the resident's cached records are gone. */
import { makeIdNumber } from '../../domain/idNumber';
import { systemRecordCache } from '../cache/recordCache';
import { memoryRecordCache } from '../cache/memoryStore';
import { redisRecordCache } from '../cache/redisStore';
import type { DeliveryHandler } from '../delivery/worker';
import type { Intake } from '../intake/types';
import { invalidatingHandler } from './invalidation';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const idNumber = makeIdNumber('510114', '19400101', 3);
const intake = { id: 'i1', change: { idNumber } } as unknown as Intake;
const writing = (status: 'DELIVERED' | 'NOT_APPLICABLE'): DeliveryHandler => ({ system: 'SOCIAL_ASSISTANCE', deliver: async () => ({ status, forms: [] }) });

describe('a delivery handler with the cache invalidation hook', () => {
  it('stops serving the resident’s cached records of its system before answering DELIVERED', async () => {
    const cache = systemRecordCache({ store: memoryRecordCache(10), ttlMs: 60_000, secret: SECRET });
    const view = cache.view<string>('SOCIAL_ASSISTANCE', 'assistance');
    await (await view.lookup([idNumber])).store(new Map([[idNumber, 'before']]));
    await expect(invalidatingHandler(writing('DELIVERED'), cache).deliver(intake)).resolves.toMatchObject({ status: 'DELIVERED' });
    expect((await view.lookup([idNumber])).misses).toEqual([idNumber]);
  });

  it('keeps the cache of a resident the system had nothing for (NOT_APPLICABLE wrote nothing)', async () => {
    const cache = systemRecordCache({ store: memoryRecordCache(10), ttlMs: 60_000, secret: SECRET });
    const view = cache.view<string>('SOCIAL_ASSISTANCE', 'assistance');
    await (await view.lookup([idNumber])).store(new Map([[idNumber, null]]));
    await invalidatingHandler(writing('NOT_APPLICABLE'), cache).deliver(intake);
    expect((await view.lookup([idNumber])).hits.get(idNumber)).toBeNull();
  });

  it('fails the attempt with CACHE_INVALIDATION_FAILED when the cache cannot be reached, so the worker retries', async () => {
    const cache = systemRecordCache({ store: redisRecordCache('redis://127.0.0.1:1'), ttlMs: 60_000, secret: SECRET });
    await expect(invalidatingHandler(writing('DELIVERED'), cache).deliver(intake)).rejects.toMatchObject({ code: 'CACHE_INVALIDATION_FAILED' });
    await cache.close();
  });
});
