/**
 * The fingerprint of a report, for idempotency: SHA-256 over the canonical JSON of the
 * validated change without its key. Same key + same fingerprint = the same report again.
 */
import { createHash } from 'node:crypto';
import type { PopulationChange } from '../../../domain/populationChange';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export function inputHash(change: PopulationChange): string {
  const { idempotencyKey: _key, ...rest } = change;
  return createHash('sha256').update(JSON.stringify(canonical(rest))).digest('hex');
}
