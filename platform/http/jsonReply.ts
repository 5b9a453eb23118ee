/**
 * A system's JSON reply read against the adapter's description of it. A body that is not JSON,
 * or not in that shape, is the system's SYSTEM_ERROR (it answered something the adapter does not
 * know), naming the system and the HTTP status, never the body (it may hold personal data).
 */
import type { z } from 'zod';
import type { SystemName } from '../../domain/systems';
import { UpstreamError } from '../errors';
import type { HttpResponse } from './client';

export function parseJsonReply<S extends z.ZodType>(system: SystemName, schema: S, res: HttpResponse): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new UpstreamError(system, 'SYSTEM_ERROR', `answered HTTP ${res.status} in a shape this adapter does not know`, res.status);
  return parsed.data;
}
