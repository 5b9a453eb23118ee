/**
 * The INTAKE record a population-change report leaves: who reported which resident, with which
 * fields. Called by reportPopulationChange after validation and before the intake is stored, so
 * no report is stored without its record (when the record cannot be written, nothing is stored
 * and the caller gets AUDIT_UNAVAILABLE; the same report with the same key can be sent again).
 */
import type { RequestContext } from '../server/subgraph';
import { purposeOf } from './auditPlugin';
import { auditErrors } from './errors';
import type { AuditStore } from './types';

/** The reported fields that are not personal data about the resident. */
const NOT_PERSONAL = new Set(['idempotencyKey']);

export async function auditIntake(store: AuditStore, ctx: RequestContext, change: { idNumber: string } & object): Promise<void> {
  const fields = Object.entries(change)
    .filter(([name, value]) => !NOT_PERSONAL.has(name) && value !== undefined && value !== null)
    .map(([name]) => name);
  try {
    await store.append([
      {
        requestId: ctx.requestId,
        subject: ctx.caller?.subject ?? '(no caller)',
        role: ctx.caller?.role ?? '(no role)',
        purpose: purposeOf(ctx) ?? 'population change report',
        action: 'INTAKE',
        residentId: change.idNumber,
        fields,
      },
    ]);
  } catch (err) {
    ctx.logger.error('the intake audit record could not be written; the report was not accepted', { error: err instanceof Error ? err.message : String(err) });
    throw auditErrors.auditUnavailable('report');
  }
}
