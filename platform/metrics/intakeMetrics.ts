/**
 * `intakes_total{outcome,rule}`: reports received by the community subgraph, by what became of
 * them. accepted (stored, rule "none"), replayed (an idempotency key sent again, rule "none"),
 * rejected (refused for the caller to fix: the first broken validation rule such as notRegistered
 * or nameMismatch, "forbidden", "idempotencyConflict") and failed (not stored for a reason of
 * ours: the error code, such as STORE_UNAVAILABLE or AUDIT_UNAVAILABLE). One count per report.
 * Rules and codes are identifiers of ours; anything else is counted as "other", never as data.
 */
import { GraphQLError } from 'graphql';
import { Counter } from 'prom-client';
import { family, type Registry } from './registry';

export type IntakeOutcome = 'accepted' | 'replayed' | 'rejected' | 'failed';

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const DIGIT_RUN = /\d{4,}/;
/** Refusals the caller can fix, by error code, and the rule they are counted under (BAD_USER_INPUT: its first field's rule). */
const REJECTIONS: Record<string, string> = { FORBIDDEN: 'forbidden', IDEMPOTENCY_CONFLICT: 'idempotencyConflict' };

function label(value: unknown): string {
  return typeof value === 'string' && IDENTIFIER.test(value) && !DIGIT_RUN.test(value) ? value : 'other';
}

export class IntakeMetrics {
  private readonly intakes: Counter<'outcome' | 'rule'>;
  /** The requests (by context) whose report was stored and counted: an error after that is not a refusal. */
  private readonly counted = new WeakSet<object>();

  constructor(registry: Registry) {
    this.intakes = family(registry, 'intakes_total', () =>
      new Counter({
        name: 'intakes_total',
        help: 'Population-change reports by outcome (accepted, replayed, rejected, failed) and the rule or code that decided it ("none" when accepted).',
        labelNames: ['outcome', 'rule'] as const,
        registers: [registry],
      }),
    );
  }

  stored(outcome: 'created' | 'replayed', request: object): void {
    this.counted.add(request);
    this.intakes.inc({ outcome: outcome === 'created' ? 'accepted' : 'replayed', rule: 'none' });
  }

  /** A report that was not stored, counted by why: the error it was answered with (nothing when `request`'s report was stored). */
  refused(err: unknown, request: object): void {
    if (this.counted.has(request)) return;
    const extensions = err instanceof GraphQLError ? err.extensions : {};
    const code = extensions.code;
    if (code === 'BAD_USER_INPUT') {
      const fields = extensions.fields as { rule?: unknown }[] | undefined;
      this.intakes.inc({ outcome: 'rejected', rule: label(fields?.[0]?.rule) });
    } else if (typeof code === 'string' && REJECTIONS[code]) {
      this.intakes.inc({ outcome: 'rejected', rule: REJECTIONS[code] });
    } else {
      this.intakes.inc({ outcome: 'failed', rule: label(code ?? 'INTERNAL_SERVER_ERROR') });
    }
  }
}
