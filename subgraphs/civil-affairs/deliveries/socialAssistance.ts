/**
 * Civil affairs' delivery to the social assistance system: a resident who died or moved away
 * has their subsistence allowance and special-hardship cases terminated, and the department
 * gets form 1 (subsistence allowance cancellation) and form 2 (special-hardship termination).
 *
 * Each termination carries the Idempotency-Key derived from the intake and the action, and the
 * intake id as its reference. A run after a crash reads the case stopped under that reference,
 * counts it as written without sending anything, and answers the same forms.
 */
import { FORMS } from '../../../domain/forms';
import { planDelivery, type Enrolment, type Rule } from '../../../domain/rules';
import { deliveryKey } from '../../../platform/delivery/keys';
import type { DeliveryHandler, DeliveryOutcome } from '../../../platform/delivery/worker';
import type { Intake, NewForm } from '../../../platform/intake/types';
import type { CaseBenefit, SocialAssistanceAdapter, SocialAssistanceRecord } from '../adapters/social-assistance';
import { changeFields, heldFor, stoppedBy } from './common';

const SYSTEM = 'SOCIAL_ASSISTANCE';

/** Where each enrolment this system can hold lives in its record. */
const CASE_FIELD = {
  SUBSISTENCE_ALLOWANCE: 'subsistenceAllowance',
  SPECIAL_HARDSHIP: 'specialHardship',
} as const satisfies Partial<Record<Enrolment, keyof SocialAssistanceRecord>>;
const ENROLMENTS = Object.keys(CASE_FIELD) as Array<keyof typeof CASE_FIELD>;

const caseFor = (record: SocialAssistanceRecord | null, enrolment: Enrolment): CaseBenefit | undefined =>
  enrolment in CASE_FIELD ? record?.[CASE_FIELD[enrolment as keyof typeof CASE_FIELD]] : undefined;

export function socialAssistanceDelivery(adapter: SocialAssistanceAdapter): DeliveryHandler {
  return {
    system: SYSTEM,
    async deliver(intake: Intake): Promise<DeliveryOutcome> {
      const record = await adapter.lookup(intake.change.idNumber);
      const enrolments = new Set<Enrolment>(ENROLMENTS.filter((e) => heldFor(caseFor(record, e), intake)));
      const plan = planDelivery(intake.change.kind, SYSTEM, enrolments);

      const forms: NewForm[] = [];
      for (const rule of plan.rules) {
        // A rule applies only to an enrolment found in the record, so its case is there.
        const held = caseFor(record, rule.when)!;
        if (rule.write && !stoppedBy(held, intake)) {
          const outcome = await adapter.terminate(
            held.caseNo,
            { reason: intake.change.kind, effectiveDate: intake.change.effectiveDate, reference: intake.id },
            deliveryKey(intake.id, SYSTEM, rule.write),
          );
          // ALREADY_STOPPED / NO_SUCH_CASE: someone else ended the case after our read (our own key
          // would have replayed our STOPPED). Nothing was written for this intake: no form either.
          if (outcome !== 'STOPPED') continue;
        }
        forms.push(cancellationForm(rule, intake, held));
      }
      return forms.length > 0 ? { status: 'DELIVERED', forms } : { status: 'NOT_APPLICABLE', forms: [] };
    },
  };
}

function cancellationForm(rule: Rule, intake: Intake, held: CaseBenefit): NewForm {
  return {
    type: rule.form,
    department: FORMS[rule.form].department,
    payload: {
      ...changeFields(intake),
      caseNo: held.caseNo,
      monthlyAmount: held.monthlyAmount,
      since: held.since,
      stoppedOn: intake.change.effectiveDate,
    },
  };
}
