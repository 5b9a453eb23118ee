/**
 * The INTAKE record a population-change report leaves: who reported which resident, with which
 * fields. Called by reportPopulationChange after validation and before the intake is stored, so
 * no report is stored without its record (when the record cannot be written, nothing is stored
 * and the caller gets AUDIT_UNAVAILABLE; the same report with the same key can be sent again).
 * A worker's confirmation or rejection of a held QR report leaves one too, under the worker.
 */
import type { RequestContext } from '../server/subgraph';
import { purposeOf } from './auditPlugin';
import { auditErrors } from './errors';
import type { AuditStore } from './types';

/** The reported fields that are not personal data about the resident. */
const NOT_PERSONAL = new Set(['idempotencyKey']);

/** A worker's decision on a held report (confirmation or rejection): named in the record's purpose, no fields given. */
export interface IntakeDecision {
  purpose: string;
}

export async function auditIntake(store: AuditStore, ctx: RequestContext, change: { idNumber: string } & object, decision?: IntakeDecision): Promise<void> {
  const fields = decision
    ? []
    : Object.entries(change)
        .filter(([name, value]) => !NOT_PERSONAL.has(name) && value !== undefined && value !== null)
        .map(([name]) => name);
  try {
    await store.append([
      {
        requestId: ctx.requestId,
        subject: ctx.caller?.subject ?? '(no caller)',
        role: ctx.caller?.role ?? '(no role)',
        purpose: decision?.purpose ?? purposeOf(ctx) ?? 'population change report',
        action: 'INTAKE',
        reads: [{ residentId: change.idNumber, fields }],
      },
    ]);
  } catch (err) {
    ctx.logger.error(`the intake audit record could not be written; the ${decision ? 'decision' : 'report'} was not accepted`, { error: err instanceof Error ? err.message : String(err) });
    throw auditErrors.auditUnavailable(decision ? 'decision' : 'report');
  }
}
