/** What the intake page reads back: the shapes of the operations in contract/pageOperations.ts. */
export interface Delivery {
  system: string;
  status: 'DELIVERED' | 'NOT_APPLICABLE' | 'PENDING' | 'FAILED' | 'WITHDRAWN';
  attempts: number;
}

export interface IntakeForm {
  id: string;
  type: string;
  number: number;
  title: string;
  department: string;
}

export interface Intake {
  id: string;
  /** The short reference a person reads out (RG-XXXX-XXXX). */
  reference: string;
  status: 'COMPLETE' | 'IN_PROGRESS' | 'NEEDS_ATTENTION' | 'AWAITING_CONFIRMATION' | 'REJECTED' | 'WITHDRAWN';
  createdAt: string;
  /** Set once a worker withdrew it: the systems that had written it and still have to reverse it. */
  withdrawal: { at: string; awaitingReversal: string[] } | null;
  deliveries: Delivery[];
  forms: IntakeForm[];
}

/** A report in the community's history: what it was about, as a signed-in worker may read it. */
export interface ListedReport extends Intake {
  change: { kind: string; name: string; effectiveDate: string };
}

/** Who a report was about, as the worker entered it (the receipt shows it; a QR credential cannot read it back). */
export interface ReportSubject {
  name: string;
  /** Absent for a report opened from the history (its list shows names only). */
  idNumber?: string;
}

export interface Community {
  code: string;
  name: string;
  street: string;
}

/** The X-Purpose of every request the intake page and the bulk import send. */
export const INTAKE_PURPOSE = 'community-intake';
