/**
 * What each form's fields carry, and where from: every field of the 11 templates is tied to the
 * field of the graph (`Type.field`, as the permission matrix names it) its value comes from, so
 * a form's content is read under the same rule as the fields it carries
 * (platform/auth/formFieldAccess.ts applies it). A field a department adds to its template
 * without declaring it here is read by that department alone.
 */
import type { FormType } from './forms';

/** The graph field a form field's value comes from, or `department`: the owning department's own record (its internal ids). */
export type FormFieldOrigin = `Resident.${string}` | `PopulationChange.${string}` | 'department';

export interface FormFieldSource {
  from: FormFieldOrigin;
  /** Where ID numbers are masked: the whole number (first 6 and last 4 kept), or a birth date kept to its year (it is the ID number's middle). */
  mask?: 'idNumber' | 'birthYear';
}

type Fields = Readonly<Record<string, FormFieldSource>>;
const from = (origin: FormFieldOrigin, mask?: FormFieldSource['mask']): FormFieldSource => (mask ? { from: origin, mask } : { from: origin });

/** The one input's fields, on every template (platform/delivery/formFields.ts changeFields). */
const REPORTED: Fields = {
  name: from('Resident.name'),
  idNumber: from('Resident.idNumber', 'idNumber'),
  community: from('Resident.community'),
  changeKind: from('PopulationChange.kind'),
  effectiveDate: from('PopulationChange.effectiveDate'),
  deathPlace: from('PopulationChange.deathPlace'),
  deathCertificateNumber: from('PopulationChange.deathCertificateNumber'),
  destination: from('PopulationChange.destination'),
  // Who reported and when: the report's own data, read as its type is.
  reportedBy: from('PopulationChange.reportedBy'),
  reportedAt: from('PopulationChange.reportedAt'),
};

/** Sex and birth date as the ID number encodes them (personFields): whoever reads the number reads them. */
const FROM_ID_NUMBER: Fields = { sex: from('Resident.idNumber'), birthDate: from('Resident.idNumber', 'birthYear') };

/** Fields that all come from one origin, e.g. what a benefit record adds to the form stopping it. */
const allFrom = (origin: FormFieldOrigin, ...names: string[]): Fields => Object.fromEntries(names.map((n) => [n, from(origin)]));
const STOPPED = ['monthlyAmount', 'since', 'stoppedOn'];

export const FORM_FIELDS: Readonly<Record<FormType, Fields>> = {
  SUBSISTENCE_ALLOWANCE_CANCELLATION: { ...REPORTED, ...allFrom('Resident.subsistenceAllowance', 'caseNo', ...STOPPED) },
  SPECIAL_HARDSHIP_TERMINATION: { ...REPORTED, ...allFrom('Resident.specialHardship', 'caseNo', ...STOPPED) },
  ELDERLY_SUBSIDY_REDUCTION: { ...REPORTED, birthDate: FROM_ID_NUMBER.birthDate, ...allFrom('Resident.elderlySubsidy', 'category', ...STOPPED) },
  DISABILITY_SUBSIDY_CANCELLATION: { ...REPORTED, birthDate: FROM_ID_NUMBER.birthDate, ...allFrom('Resident.disabilitySubsidy', 'category', ...STOPPED) },
  RETIREMENT_BENEFIT_CANCELLATION: { ...REPORTED, ...FROM_ID_NUMBER, ...allFrom('Resident.pension', 'pensionKind', ...STOPPED) },
  RESIDENT_PENSION_TERMINATION: { ...REPORTED, ...FROM_ID_NUMBER, ...allFrom('Resident.pension', 'pensionKind', ...STOPPED) },
  FUNERAL_GRANT_CLAIM: {
    ...REPORTED,
    ...FROM_ID_NUMBER,
    claimId: from('Resident.insured'),
    deathDate: from('PopulationChange.effectiveDate'),
    ...allFrom('Resident.pension', 'pensionKind', 'monthlyPension'),
  },
  DEATH_REGISTRATION_REPORT: {
    ...REPORTED,
    ...FROM_ID_NUMBER,
    // The health platform's own key for the person.
    patientId: from('department'),
    deathDate: from('PopulationChange.effectiveDate'),
    registeredDeathDate: from('Resident.vitalStatus'),
  },
  FAMILY_PLANNING_ASSISTANCE_TERMINATION: { ...REPORTED, ...FROM_ID_NUMBER, ...allFrom('Resident.familyPlanningAssistance', 'episodeId', ...STOPPED) },
  POPULATION_CHANGE_REGISTER: {
    ...REPORTED,
    registryChangeId: from('department'),
    // The registry's own record of the person.
    sex: from('Resident.sex'),
    birthDate: from('Resident.birthDate', 'birthYear'),
    address: from('Resident.address'),
  },
  HOUSING_OCCUPANCY_UPDATE: {
    ...allFrom('Resident.address', 'dwellingId', 'address', 'occupantsRemaining', 'vacantSince'),
    community: REPORTED.community,
    departedName: REPORTED.name,
    departedIdNumber: REPORTED.idNumber,
    changeKind: REPORTED.changeKind,
    effectiveDate: REPORTED.effectiveDate,
  },
};
