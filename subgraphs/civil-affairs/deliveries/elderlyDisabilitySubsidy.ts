/**
 * Civil affairs' delivery to the elderly and disability subsidy system: a resident who died or
 * moved away has their high-age elderly subsidy and disability two-subsidies stopped, and the
 * department gets form 3 (elderly subsidy reduction) and form 4 (disability subsidy cancellation).
 *
 * The SOAP system has no idempotency: the adapter reads before it writes, and every stop carries
 * the intake id as its reference, which the system logs and returns on reads. A run after a
 * crash reads the subsidy stopped under that reference, counts it as written without sending
 * anything, and answers the same forms.
 */
import { FORMS } from '../../../domain/forms';
import { birthDateOf } from '../../../domain/idNumber';
import { planDelivery, type Enrolment, type Rule } from '../../../domain/rules';
import type { DeliveryHandler, DeliveryOutcome } from '../../../platform/delivery/worker';
import type { Intake, NewForm } from '../../../platform/intake/types';
import type { SubsidyAdapter, SubsidyRecord, SubsidyType } from '../adapters/elderly-disability-subsidy';
import { changeFields, heldFor, stoppedBy } from './common';

const SYSTEM = 'ELDERLY_DISABILITY_SUBSIDY';

/** Where each enrolment this system can hold lives in its record, and the type its stop names. */
const SUBSIDY = {
  ELDERLY_SUBSIDY: { field: 'elderlySubsidy', type: 'ELDERLY' },
  DISABILITY_SUBSIDY: { field: 'disabilitySubsidy', type: 'DISABILITY' },
} as const satisfies Partial<Record<Enrolment, { field: keyof SubsidyRecord; type: SubsidyType }>>;
type SubsidyEnrolment = keyof typeof SUBSIDY;
const ENROLMENTS = Object.keys(SUBSIDY) as SubsidyEnrolment[];

type HeldSubsidy = NonNullable<SubsidyRecord[keyof SubsidyRecord]>;
const subsidyFor = (record: SubsidyRecord | null, enrolment: Enrolment): HeldSubsidy | undefined =>
  enrolment in SUBSIDY ? record?.[SUBSIDY[enrolment as SubsidyEnrolment].field] : undefined;

export function elderlyDisabilitySubsidyDelivery(adapter: SubsidyAdapter): DeliveryHandler {
  return {
    system: SYSTEM,
    async deliver(intake: Intake): Promise<DeliveryOutcome> {
      const { idNumber, kind, effectiveDate } = intake.change;
      const record = await adapter.getRecord(idNumber);
      const enrolments = new Set<Enrolment>(ENROLMENTS.filter((e) => heldFor(subsidyFor(record, e), intake)));
      const plan = planDelivery(kind, SYSTEM, enrolments);

      const written = new Set<Rule>();
      const unsure: Rule[] = [];
      for (const rule of plan.rules) {
        if (rule.write && !stoppedBy(subsidyFor(record, rule.when), intake)) {
          const type = SUBSIDY[rule.when as SubsidyEnrolment].type;
          const outcome = await adapter.stopSubsidy(idNumber, type, { stopDate: effectiveDate, reason: kind, reference: intake.id });
          if (outcome !== 'STOPPED') {
            unsure.push(rule);
            continue;
          }
        }
        written.add(rule);
      }
      if (unsure.length > 0) {
        // "Already stopped" may be our own stop: its answer was lost, the client sent it again and
        // the system refused the second one. The reference on the record tells ours from another's.
        const now = await adapter.getRecord(idNumber);
        for (const rule of unsure) if (stoppedBy(subsidyFor(now, rule.when), intake)) written.add(rule);
      }

      // A rule applies only to an enrolment found in the record, so its subsidy is there.
      const forms = plan.rules.filter((r) => written.has(r)).map((r) => subsidyForm(r, intake, subsidyFor(record, r.when)!));
      return forms.length > 0 ? { status: 'DELIVERED', forms } : { status: 'NOT_APPLICABLE', forms: [] };
    },
  };
}

function subsidyForm(rule: Rule, intake: Intake, held: HeldSubsidy): NewForm {
  return {
    type: rule.form,
    department: FORMS[rule.form].department,
    payload: {
      ...changeFields(intake),
      // The elderly subsidy's amount follows the age band; the templates print the birth date.
      birthDate: birthDateOf(intake.change.idNumber),
      ...('category' in held ? { category: held.category } : {}),
      monthlyAmount: held.monthlyAmount,
      since: held.since,
      stoppedOn: intake.change.effectiveDate,
    },
  };
}
