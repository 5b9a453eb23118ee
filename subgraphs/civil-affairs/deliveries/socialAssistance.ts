/**
 * Civil affairs' delivery to the social assistance system: a resident who died or moved away
 * has their subsistence allowance and special-hardship cases terminated, and the department
 * gets form 1 (subsistence allowance cancellation) and form 2 (special-hardship termination).
 *
 * Each termination carries the Idempotency-Key derived from the intake and the action, and the
 * intake id as its reference. A run after a crash reads the case stopped under that reference,
 * counts it as written without sending anything, and answers the same forms.
 */
import { stoppable } from '../../../platform/delivery/holdings';
import { writeThrough, type WriteRequest } from '../../../platform/delivery/writeThrough';
import type { DeliveryHandler } from '../../../platform/delivery/worker';
import type { CaseBenefit, SocialAssistanceAdapter, SocialAssistanceRecord } from '../adapters/social-assistance';

/** What a cancellation form adds from the case it stopped. */
const caseFacts = (held: CaseBenefit) => ({ caseNo: held.caseNo, monthlyAmount: held.monthlyAmount, since: held.since });

export function socialAssistanceDelivery(adapter: SocialAssistanceAdapter): DeliveryHandler {
  /** Terminates the case `pick` finds; null when someone else ended it after our read (ALREADY_STOPPED / NO_SUCH_CASE). */
  const terminate =
    (pick: (record: SocialAssistanceRecord) => CaseBenefit | undefined) =>
    async ({ intake, record, key }: WriteRequest<SocialAssistanceRecord>) => {
      // The rules table applies a row only to a case the record holds.
      const outcome = await adapter.terminate(pick(record)!.caseNo, { reason: intake.change.kind, effectiveDate: intake.change.effectiveDate, reference: intake.id }, key);
      return outcome === 'STOPPED' ? {} : null;
    };
  return writeThrough<SocialAssistanceRecord>({
    system: 'SOCIAL_ASSISTANCE',
    read: (idNumber) => adapter.lookup(idNumber),
    holdings: (record) => ({ SUBSISTENCE_ALLOWANCE: stoppable(record.subsistenceAllowance), SPECIAL_HARDSHIP: stoppable(record.specialHardship) }),
    writes: {
      TERMINATE_SUBSISTENCE_ALLOWANCE: terminate((record) => record.subsistenceAllowance),
      TERMINATE_SPECIAL_HARDSHIP: terminate((record) => record.specialHardship),
    },
    forms: {
      SUBSISTENCE_ALLOWANCE_CANCELLATION: (record) => caseFacts(record.subsistenceAllowance!),
      SPECIAL_HARDSHIP_TERMINATION: (record) => caseFacts(record.specialHardship!),
    },
  });
}
