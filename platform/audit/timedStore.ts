/**
 * The audit store with its appends measured: `audit_append_duration_seconds` (every append, stored
 * or not) and `audit_append_failures_total` (appends the store could not take: the reads and
 * reports they guarded were refused, fail closed). No labels beyond the service: an audit entry
 * names a resident, so nothing of it goes near a metric.
 */
import { Counter, Histogram } from 'prom-client';
import { family, type Registry } from '../metrics/registry';
import type { AuditStore } from './types';

/** Seconds: a local SQLite transaction in milliseconds, a Redis round trip under load in tens of them. */
const BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function timedAuditStore(store: AuditStore, registry: Registry): AuditStore {
  const duration = family(registry, 'audit_append_duration_seconds', () =>
    new Histogram({ name: 'audit_append_duration_seconds', help: 'Time to append records to the audit log (stored or not), in seconds.', buckets: BUCKETS_SECONDS, registers: [registry] }),
  );
  const failures = family(registry, 'audit_append_failures_total', () =>
    new Counter({ name: 'audit_append_failures_total', help: 'Appends the audit log could not take (the reads or reports they guarded were refused).', registers: [registry] }),
  );
  // Present from the start, so an increase() over the first failure is seen.
  failures.inc(0);
  return {
    ...store,
    async append(entries) {
      const stop = duration.startTimer();
      try {
        return await store.append(entries);
      } catch (err) {
        failures.inc();
        throw err;
      } finally {
        stop();
      }
    },
  };
}
