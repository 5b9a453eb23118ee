/**
 * The delivery worker's Prometheus families, on its department's registry. Labels name systems and
 * outcomes only, never an intake or a person.
 *
 * - `delivery_failed_total{system}`: deliveries this process dead-lettered (FAILED, waiting for an
 *   operator's retry); every handled system starts at 0, so a rate can be taken at once.
 * - `deliveries_completed_total{system,outcome}`: deliveries this process finished, by how
 *   (delivered, not_applicable, failed).
 * - `delivery_backlog{system}` and `delivery_oldest_pending_age_seconds{system}`: read from the
 *   intake store at scrape time (so every replica shows the same, shared backlog; take max by
 *   system). A store that cannot be read leaves both out of that scrape rather than failing it.
 */
import { Counter, Gauge } from 'prom-client';
import type { SystemName } from '../../domain/systems';
import type { IntakeStore, PendingBacklog } from '../intake/types';
import { family, type Registry } from '../metrics/registry';

export type CompletedOutcome = 'delivered' | 'not_applicable' | 'failed';

/** Both gauges are collected in one scrape: one store read serves both. */
const BACKLOG_READ_REUSE_MS = 1000;

export class DeliveryMetrics {
  private readonly failed: Counter<'system'>;
  private readonly completed: Counter<'system' | 'outcome'>;
  private lastRead: { at: number; backlog: Promise<PendingBacklog[] | null> } | undefined;

  constructor(registry: Registry, store: IntakeStore, systems: readonly SystemName[]) {
    this.failed = family(registry, 'delivery_failed_total', () =>
      new Counter({
        name: 'delivery_failed_total',
        help: 'Deliveries that ended FAILED (dead letter, waiting for an operator retry), by system.',
        labelNames: ['system'] as const,
        registers: [registry],
      }),
    );
    for (const system of systems) this.failed.inc({ system }, 0);
    this.completed = family(registry, 'deliveries_completed_total', () =>
      new Counter({
        name: 'deliveries_completed_total',
        help: 'Deliveries finished by this process, by system and outcome (delivered, not_applicable, failed).',
        labelNames: ['system', 'outcome'] as const,
        registers: [registry],
      }),
    );
    const read = () => this.readBacklog(store, systems);
    family(registry, 'delivery_backlog', () =>
      new Gauge({
        name: 'delivery_backlog',
        help: 'PENDING deliveries per system (due, waiting for a retry, or in progress), read from the intake store.',
        labelNames: ['system'] as const,
        registers: [registry],
        async collect() {
          this.reset();
          for (const b of (await read()) ?? []) this.set({ system: b.system }, b.pending);
        },
      }),
    );
    family(registry, 'delivery_oldest_pending_age_seconds', () =>
      new Gauge({
        name: 'delivery_oldest_pending_age_seconds',
        help: 'How long the oldest PENDING delivery of a system has waited (since its report or its operator retry), in seconds; 0 when none waits.',
        labelNames: ['system'] as const,
        registers: [registry],
        async collect() {
          this.reset();
          const now = Date.now();
          for (const b of (await read()) ?? []) this.set({ system: b.system }, b.oldestPendingSince === null ? 0 : Math.max(0, (now - b.oldestPendingSince) / 1000));
        },
      }),
    );
  }

  completedAs(system: SystemName, outcome: CompletedOutcome): void {
    this.completed.inc({ system, outcome });
    if (outcome === 'failed') this.failed.inc({ system });
  }

  private readBacklog(store: IntakeStore, systems: readonly SystemName[]): Promise<PendingBacklog[] | null> {
    const now = Date.now();
    if (!this.lastRead || now - this.lastRead.at > BACKLOG_READ_REUSE_MS) {
      this.lastRead = { at: now, backlog: store.pendingBacklog(systems).catch(() => null) };
    }
    return this.lastRead.backlog;
  }
}
