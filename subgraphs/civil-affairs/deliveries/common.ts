/**
 * What both civil-affairs deliveries share: when a benefit counts as held for a change (the
 * fields every form copies from the one input live in platform/delivery/formFields.ts).
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

export { changeFields } from '../../../platform/delivery/formFields';
