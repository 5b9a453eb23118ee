/**
 * The system-call metric families, registered once per service registry (a process may host
 * several departments, each with its own registry; never the global default one). Labels are
 * codes of ours only: the system's name, a low-cardinality operation name chosen by the adapter
 * (never a path: paths carry ID numbers), an outcome, a breaker kind.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import type { SystemName } from '../../domain/systems';
import { isDefinitive, UpstreamError } from '../errors';
import type { Registry } from '../metrics/registry';
import { BREAKER_STATE_VALUE, type BreakerState } from './breaker';

export type SystemCallOutcome = 'ok' | 'error' | 'timeout' | 'unavailable' | 'rate_limited' | 'refused' | 'circuit_open';

interface Families {
  calls: Counter<'system' | 'operation' | 'outcome'>;
  duration: Histogram<'system' | 'operation' | 'outcome'>;
  retries: Counter<'system' | 'operation'>;
  breakerState: Gauge<'system' | 'kind'>;
}

const familiesByRegistry = new WeakMap<Registry, Families>();

/** The registry's family of that name if something registered it already (prom-client refuses a second one), else a new one. */
function existing<M>(registry: Registry, name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}

function familiesOf(registry: Registry): Families {
  let families = familiesByRegistry.get(registry);
  if (!families) {
    const registers = [registry];
    families = {
      calls: existing(registry, 'system_calls_total', () => new Counter({ name: 'system_calls_total', help: 'Calls to department systems (all attempts of one call count once), by outcome.', labelNames: ['system', 'operation', 'outcome'], registers })),
      duration: existing(registry, 'system_call_duration_seconds', () => new Histogram({
        name: 'system_call_duration_seconds',
        help: 'Duration of calls to department systems, retries and backoff included.',
        labelNames: ['system', 'operation', 'outcome'],
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
        registers,
      })),
      retries: existing(registry, 'system_call_retries_total', () => new Counter({ name: 'system_call_retries_total', help: 'Attempts sent again to department systems after a failed one.', labelNames: ['system', 'operation'], registers })),
      breakerState: existing(registry, 'circuit_breaker_state', () => new Gauge({ name: 'circuit_breaker_state', help: 'Circuit breaker state per system and direction: 0 closed, 1 half-open, 2 open.', labelNames: ['system', 'kind'], registers })),
    };
    familiesByRegistry.set(registry, families);
  }
  return families;
}

/** A client's recorder; records nothing when the service gave no registry. */
export class SystemCallMetrics {
  private readonly families?: Families;

  constructor(
    private readonly system: SystemName,
    registry: Registry | undefined,
  ) {
    this.families = registry ? familiesOf(registry) : undefined;
  }

  call(operation: string, outcome: SystemCallOutcome, seconds: number): void {
    if (!this.families) return;
    const labels = { system: this.system, operation, outcome };
    this.families.calls.inc(labels);
    this.families.duration.observe(labels, seconds);
  }

  retry(operation: string): void {
    this.families?.retries.inc({ system: this.system, operation });
  }

  breakerState(kind: 'read' | 'write', state: BreakerState): void {
    this.families?.breakerState.set({ system: this.system, kind }, BREAKER_STATE_VALUE[state]);
  }
}

/** The outcome label of a call that ended with `err` (a circuit-open refusal is the client's own SYSTEM_UNAVAILABLE, told apart by `circuitOpen`). */
export function outcomeOf(err: unknown, circuitOpen: boolean): SystemCallOutcome {
  if (circuitOpen) return 'circuit_open';
  if (isDefinitive(err)) return 'refused';
  if (!(err instanceof UpstreamError)) return 'error';
  switch (err.code) {
    case 'SYSTEM_TIMEOUT':
      return 'timeout';
    case 'SYSTEM_UNAVAILABLE':
      return 'unavailable';
    case 'SYSTEM_RATE_LIMITED':
      return 'rate_limited';
    default:
      return 'error';
  }
}
