/**
 * What a department knows about a resident, in domain terms. Adapters turn each system's
 * wire format (JSON, SOAP XML, FHIR) into these; resolvers see nothing else.
 */

export type BenefitStatus = 'ACTIVE' | 'SUSPENDED' | 'STOPPED';
export type PensionKind = 'EMPLOYEE_RETIREMENT' | 'URBAN_RURAL_RESIDENT';
export type RegistryStatus = 'RESIDENT' | 'MOVED_OUT' | 'DECEASED';

export interface Benefit {
  status: BenefitStatus;
  /** Yuan per month; null when the system does not state one. */
  monthlyAmount: number | null;
  /** YYYY-MM-DD the benefit started. */
  since: string | null;
  /** YYYY-MM-DD the benefit stopped, when it has. */
  stoppedOn: string | null;
}

export interface Pension extends Benefit {
  kind: PensionKind;
}

/** Which of the disability two-subsidies (残疾人两项补贴) a person receives. */
export type DisabilityCategory = 'LIVING' | 'NURSING' | 'BOTH';

/** The disability two-subsidies: a living allowance for the poor, a nursing subsidy for the severely disabled, or both. */
export interface DisabilitySubsidy extends Benefit {
  category: DisabilityCategory;
}

export interface VitalStatus {
  deceased: boolean;
  deathDate: string | null;
}

/** The community registry's record of a person: who lives where. */
export interface RegisteredPerson {
  idNumber: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  community: string;
  dwellingId: string;
  address: string;
  status: RegistryStatus;
  /** YYYY-MM-DD of the last change of status (move or death), when there was one. */
  statusSince: string | null;
}

/** A community (社区) of the district; the registry is the authority on the list. */
export interface Community {
  code: string;
  name: string;
  street: string;
}
