/**
 * HR & social security's delivery to the social insurance system: a pensioner who died has the
 * pension stopped (form 5 for an employee pension, form 6 for a resident pension), a resident
 * pensioner who moved away likewise (form 6; the employee pension follows the person), and an
 * insured person who died gets a funeral grant and survivor pension claim filed (form 7).
 *
 * Each write carries an X-Serial-No derived from the intake and the action (the system replays
 * the first answer to a repeated serial) and the intake id as its reference, which the system
 * returns on reads. A run after a crash reads the pension stopped, or the claim filed, under that
 * reference, counts it as written without sending anything, and answers the same forms.
 */
import { FORMS } from '../../../domain/forms';
import type { PensionKind } from '../../../domain/residents';
import { planDelivery, type Enrolment, type Rule } from '../../../domain/rules';
import { deliveryKey } from '../../../platform/delivery/keys';
import type { DeliveryHandler, DeliveryOutcome } from '../../../platform/delivery/worker';
import { changeFields as sharedChangeFields, personFields } from '../../../platform/delivery/formFields';
import type { Intake, NewForm } from '../../../platform/intake/types';
import type { FuneralClaim, InsurancePension, InsuranceRecord, SocialInsuranceAdapter } from '../adapters/social-insurance';

const SYSTEM = 'SOCIAL_INSURANCE';
const NOT_APPLICABLE: DeliveryOutcome = { status: 'NOT_APPLICABLE', forms: [] };

const PENSION_ENROLMENT: Record<PensionKind, Enrolment> = { EMPLOYEE_RETIREMENT: 'EMPLOYEE_PENSION', URBAN_RURAL_RESIDENT: 'RESIDENT_PENSION' };

/** Whether this intake already stopped the pension (a run before a crash wrote it). */
const stoppedBy = (pension: InsurancePension | null, intake: Intake): boolean => pension?.status === 'STOPPED' && pension.stopReference === intake.id;
/** Whether this intake already filed the funeral claim. */
const filedBy = (claim: FuneralClaim | null, intake: Intake): boolean => claim?.reference === intake.id;

/**
 * What the record holds for this change: a pension still open (paying or suspended) or stopped
 * by this very intake; insurance with no funeral claim yet, or one filed by this intake. A pension
 * stopped, or a claim filed, by anything else is not this intake's to write.
 */
export function enrolmentsFor(record: InsuranceRecord, intake: Intake): Set<Enrolment> {
  const out = new Set<Enrolment>();
  const { pension, funeralClaim } = record;
  if (pension && (pension.status !== 'STOPPED' || stoppedBy(pension, intake))) out.add(PENSION_ENROLMENT[pension.kind]);
  if (record.insured && (funeralClaim === null || filedBy(funeralClaim, intake))) out.add('INSURED');
  return out;
}

export function socialInsuranceDelivery(adapter: SocialInsuranceAdapter): DeliveryHandler {
  /** Carries out one rule's write; returns its form, or null when nothing was written for this intake. */
  async function apply(rule: Rule, intake: Intake, record: InsuranceRecord): Promise<NewForm | null> {
    const { idNumber, kind, effectiveDate } = intake.change;
    switch (rule.write) {
      case 'STOP_PENSION': {
        // A rule applies only to an enrolment found in the record, so the pension is there.
        const pension = record.pension!;
        if (!stoppedBy(pension, intake)) {
          const outcome = await adapter.stopPension({ idNumber, reason: kind, effectiveDate, reference: intake.id, idempotencyKey: deliveryKey(intake.id, SYSTEM, 'STOP_PENSION') });
          // ALREADY_STOPPED / NO_PENSION: someone else ended it after our read (our own serial
          // would have replayed our STOPPED). Nothing was written for this intake: no form either.
          if (outcome !== 'STOPPED') return null;
        }
        return pensionForm(rule, intake, pension);
      }
      case 'FILE_FUNERAL_CLAIM': {
        let claimId = record.funeralClaim?.claimId ?? null;
        if (!filedBy(record.funeralClaim, intake)) {
          const filed = await adapter.fileFuneralClaim({ idNumber, deathDate: effectiveDate, reference: intake.id, idempotencyKey: deliveryKey(intake.id, SYSTEM, 'FILE_FUNERAL_CLAIM') });
          if (filed.outcome !== 'FILED') return null;
          claimId = filed.claimId;
        }
        return funeralForm(intake, record, claimId);
      }
      default:
        // The rules table grew a row this handler cannot carry out: fail loudly rather than produce a form for nothing written.
        throw new Error(`The social insurance delivery has no write for ${rule.write ?? 'a form-only rule'} (rules table row for ${rule.when}).`);
    }
  }

  return {
    system: SYSTEM,
    async deliver(intake: Intake): Promise<DeliveryOutcome> {
      const record = await adapter.lookup(intake.change.idNumber);
      if (!record) return NOT_APPLICABLE;
      const plan = planDelivery(intake.change.kind, SYSTEM, enrolmentsFor(record, intake));
      const forms: NewForm[] = [];
      // One after another: the system is rate limited, and the order keeps the forms in table order.
      for (const rule of plan.rules) {
        const form = await apply(rule, intake, record);
        if (form) forms.push(form);
      }
      return forms.length > 0 ? { status: 'DELIVERED', forms } : NOT_APPLICABLE;
    },
  };
}

/** The one input's fields plus sex and birth date, which this department's templates ask for. */
function changeFields(intake: Intake): Record<string, string | null> {
  return { ...sharedChangeFields(intake), ...personFields(intake.change.idNumber) };
}

function pensionForm(rule: Rule, intake: Intake, pension: InsurancePension): NewForm {
  return {
    type: rule.form,
    department: FORMS[rule.form].department,
    payload: {
      ...changeFields(intake),
      pensionKind: pension.kind,
      monthlyAmount: pension.monthlyAmount,
      since: pension.since,
      stoppedOn: intake.change.effectiveDate,
    },
  };
}

function funeralForm(intake: Intake, record: InsuranceRecord, claimId: string | null): NewForm {
  return {
    type: 'FUNERAL_GRANT_CLAIM',
    department: FORMS.FUNERAL_GRANT_CLAIM.department,
    payload: {
      ...changeFields(intake),
      claimId,
      deathDate: intake.change.effectiveDate,
      // The grant and the survivor pension are reckoned from the pension the deceased drew, if any.
      pensionKind: record.pension?.kind ?? null,
      monthlyPension: record.pension?.monthlyAmount ?? null,
    },
  };
}
