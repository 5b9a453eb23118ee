/**
 * What both civil-affairs deliveries share: when a benefit counts as held for a change, and the
 * fields every civil-affairs form copies from the one input.
 */
import type { BenefitStatus } from '../../../domain/residents';
import type { Intake } from '../../../platform/intake/types';

/** A benefit as a system records it, with the reference it was stopped under. */
export interface StoppableBenefit {
  status: BenefitStatus;
  stopReference: string | null;
}

/** Whether this intake already stopped the benefit (a run before a crash wrote it). */
export const stoppedBy = (benefit: StoppableBenefit | undefined, intake: Intake): boolean =>
  benefit?.status === 'STOPPED' && benefit.stopReference === intake.id;

/**
 * Whether the benefit is one the change must end: still open (paying, or suspended and able to
 * resume paying), or stopped by this very intake, so a run after a crash plans the same writes
 * and forms as the run before it. A benefit stopped by anything else is not held.
 */
export const heldFor = (benefit: StoppableBenefit | undefined, intake: Intake): boolean =>
  benefit !== undefined && (benefit.status !== 'STOPPED' || stoppedBy(benefit, intake));

/** The fields of the one input that every civil-affairs form template carries (flat, for the form payload). */
export function changeFields(intake: Intake): Record<string, string | null> {
  const c = intake.change;
  return {
    name: c.name,
    idNumber: c.idNumber,
    community: c.community,
    changeKind: c.kind,
    effectiveDate: c.effectiveDate,
    deathPlace: c.death?.place ?? null,
    deathCertificateNumber: c.death?.certificateNumber ?? null,
    destination: c.move?.destination ?? null,
    reportedBy: intake.reportedBy,
    reportedAt: intake.createdAt,
  };
}
