/** The operations the intake page sends: one mutation, then reads of the intake it created. */
export const INTAKE_FIELDS = `id status createdAt
  deliveries { system status attempts lastError }
  forms { id type number title department }`;

export const REPORT_MUTATION = `mutation Report($input: PopulationChangeInput!) {
  reportPopulationChange(input: $input) { ${INTAKE_FIELDS} }
}`;

export const INTAKE_QUERY = `query Intake($id: ID!) { intake(id: $id) { ${INTAKE_FIELDS} } }`;

export const COMMUNITIES_QUERY = `query Communities { communities { code name street } }`;

export interface Delivery {
  system: string;
  status: 'DELIVERED' | 'NOT_APPLICABLE' | 'PENDING' | 'FAILED';
  attempts: number;
  lastError: string | null;
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
  status: 'COMPLETE' | 'IN_PROGRESS' | 'NEEDS_ATTENTION';
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
