/**
 * What a system's record holds that a change acts on (a benefit, a pension, a claim, a Patient),
 * reduced to the one question every delivery asks on a redelivery: is it still open, or already
 * ended, and under which reference? Each system records the intake id as the reference of the
 * write it made for the intake, so a run after a crash finds its own write there.
 */

export interface Holding {
  /** Whether the system records it ended already (stopped, terminated, filed). */
  ended: boolean;
  /** The reference it was ended under (our intake id when this platform ended it); null while open or when ended otherwise. */
  reference: string | null;
}

/** Something the change can only be carried out on: never ended by a write of ours (a Patient, a registration). */
export const OPEN: Holding = { ended: false, reference: null };

/** A benefit, pension or assistance as a system records it: ended when STOPPED, under the reference of the stop. */
export const stoppable = (held: { status: string; stopReference: string | null } | null | undefined): Holding | undefined =>
  held ? { ended: held.status === 'STOPPED', reference: held.stopReference } : undefined;

/** Whether this intake already ended it (a run before a crash wrote it): nothing to send again. */
export const endedBy = (holding: Holding | undefined, intakeId: string): boolean => holding?.ended === true && holding.reference === intakeId;

/**
 * Whether the change must act on it: still open (paying, or suspended and able to resume), or
 * ended by this very intake, so a run after a crash plans the same writes and forms as the run
 * before it. Ended by anything else, it is not this intake's to end.
 */
export const heldFor = (holding: Holding | undefined, intakeId: string): boolean => holding !== undefined && (!holding.ended || endedBy(holding, intakeId));
