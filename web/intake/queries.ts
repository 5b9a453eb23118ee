/** What the intake page reads back: the shapes of the operations in contract/pageOperations.ts. */
export interface Delivery {
  system: string;
  status: 'DELIVERED' | 'NOT_APPLICABLE' | 'PENDING' | 'FAILED';
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
  status: 'COMPLETE' | 'IN_PROGRESS' | 'NEEDS_ATTENTION' | 'AWAITING_CONFIRMATION' | 'REJECTED';
  createdAt: string;
  deliveries: Delivery[];
  forms: IntakeForm[];
}

export interface Community {
  code: string;
  name: string;
  street: string;
}

/** The X-Purpose of every request the intake page and the bulk import send. */
export const INTAKE_PURPOSE = 'community-intake';
