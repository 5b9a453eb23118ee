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
import type { PensionKind } from '../../../domain/residents';
import type { Enrolment } from '../../../domain/rules';
import { stoppable, type Holding } from '../../../platform/delivery/holdings';
import { writeThrough } from '../../../platform/delivery/writeThrough';
import type { DeliveryHandler } from '../../../platform/delivery/worker';
import type { InsurancePension, InsuranceRecord, SocialInsuranceAdapter } from '../adapters/social-insurance';

const PENSION_ENROLMENT: Record<PensionKind, Enrolment> = { EMPLOYEE_RETIREMENT: 'EMPLOYEE_PENSION', URBAN_RURAL_RESIDENT: 'RESIDENT_PENSION' };

/**
 * What the record holds for a change: the pension (stopped or not), and the insurance with its
 * funeral claim, which ends it (filed under the intake that filed it).
 */
function holdingsOf(record: InsuranceRecord): Partial<Record<Enrolment, Holding>> {
  const { pension, funeralClaim } = record;
  return {
    ...(pension ? { [PENSION_ENROLMENT[pension.kind]]: stoppable(pension) } : {}),
    ...(record.insured ? { INSURED: { ended: funeralClaim !== null, reference: funeralClaim?.reference ?? null } } : {}),
  };
}

/** What a pension form adds from the pension it stopped. */
const pensionFacts = (pension: InsurancePension) => ({ pensionKind: pension.kind, monthlyAmount: pension.monthlyAmount, since: pension.since });

export function socialInsuranceDelivery(adapter: SocialInsuranceAdapter): DeliveryHandler {
  return writeThrough<InsuranceRecord, { claimId: string | null }>({
    system: 'SOCIAL_INSURANCE',
    read: (idNumber) => adapter.lookup(idNumber),
    holdings: holdingsOf,
    writes: {
      async STOP_PENSION({ intake, key }) {
        const { idNumber, kind, effectiveDate } = intake.change;
        const outcome = await adapter.stopPension({ idNumber, reason: kind, effectiveDate, reference: intake.id, idempotencyKey: key });
        // ALREADY_STOPPED / NO_PENSION: someone else ended it after our read (our own serial would have replayed our STOPPED).
        return outcome === 'STOPPED' ? {} : null;
      },
      async FILE_FUNERAL_CLAIM({ intake, key }) {
        const { idNumber, effectiveDate } = intake.change;
        const filed = await adapter.fileFuneralClaim({ idNumber, deathDate: effectiveDate, reference: intake.id, idempotencyKey: key });
        return filed.outcome === 'FILED' ? { claimId: filed.claimId } : null;
      },
    },
    // The rules table applies a pension row only to a pension the record holds.
    forms: {
      RETIREMENT_BENEFIT_CANCELLATION: (record) => pensionFacts(record.pension!),
      RESIDENT_PENSION_TERMINATION: (record) => pensionFacts(record.pension!),
      FUNERAL_GRANT_CLAIM: (record, done) => ({
        // Filed now, or by this intake before a crash (then the record holds it).
        claimId: done.claimId ?? record.funeralClaim?.claimId ?? null,
        pensionKind: record.pension?.kind ?? null,
        monthlyPension: record.pension?.monthlyAmount ?? null,
      }),
    },
  });
}
