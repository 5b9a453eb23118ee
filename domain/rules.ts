/**
 * The rules table: which population change, for a person enrolled in what, leads to which
 * write in which system and which form. Data, not scattered ifs; tested row by row.
 * A system for which no row matches gets NOT_APPLICABLE and no write.
 */
import type { FormType } from './forms/formTypes';
import type { SystemName } from './systems';

export const CHANGE_KINDS = ['DEATH', 'MOVED_OUT'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** What a system's own record says the person holds (ACTIVE benefits, insurance, a registered dwelling). */
export type Enrolment =
  | 'SUBSISTENCE_ALLOWANCE'
  | 'SPECIAL_HARDSHIP'
  | 'ELDERLY_SUBSIDY'
  | 'DISABILITY_SUBSIDY'
  | 'EMPLOYEE_PENSION'
  | 'RESIDENT_PENSION'
  | 'INSURED'
  | 'FAMILY_PLANNING_ASSISTANCE'
  | 'HEALTH_RECORD'
  | 'REGISTERED_RESIDENT'
  | 'DWELLING_OCCUPANT';

/** A write an adapter knows how to carry out. */
export type WriteAction =
  | 'TERMINATE_SUBSISTENCE_ALLOWANCE'
  | 'TERMINATE_SPECIAL_HARDSHIP'
  | 'STOP_ELDERLY_SUBSIDY'
  | 'STOP_DISABILITY_SUBSIDY'
  | 'STOP_PENSION'
  | 'FILE_FUNERAL_CLAIM'
  | 'RECORD_DEATH'
  | 'END_FAMILY_PLANNING_ASSISTANCE'
  | 'RECORD_POPULATION_CHANGE';

export interface Rule {
  kinds: readonly ChangeKind[];
  when: Enrolment;
  system: SystemName;
  /** The write; null when the row only produces a form (the write is another row's). */
  write: WriteAction | null;
  form: FormType;
}

const BOTH = CHANGE_KINDS;
const DEATH = ['DEATH'] as const;

export const RULES: readonly Rule[] = [
  { kinds: BOTH, when: 'SUBSISTENCE_ALLOWANCE', system: 'SOCIAL_ASSISTANCE', write: 'TERMINATE_SUBSISTENCE_ALLOWANCE', form: 'SUBSISTENCE_ALLOWANCE_CANCELLATION' },
  { kinds: BOTH, when: 'SPECIAL_HARDSHIP', system: 'SOCIAL_ASSISTANCE', write: 'TERMINATE_SPECIAL_HARDSHIP', form: 'SPECIAL_HARDSHIP_TERMINATION' },
  { kinds: BOTH, when: 'ELDERLY_SUBSIDY', system: 'ELDERLY_DISABILITY_SUBSIDY', write: 'STOP_ELDERLY_SUBSIDY', form: 'ELDERLY_SUBSIDY_REDUCTION' },
  { kinds: BOTH, when: 'DISABILITY_SUBSIDY', system: 'ELDERLY_DISABILITY_SUBSIDY', write: 'STOP_DISABILITY_SUBSIDY', form: 'DISABILITY_SUBSIDY_CANCELLATION' },
  // The employee pension follows a person who moves; only a death ends it.
  { kinds: DEATH, when: 'EMPLOYEE_PENSION', system: 'SOCIAL_INSURANCE', write: 'STOP_PENSION', form: 'RETIREMENT_BENEFIT_CANCELLATION' },
  { kinds: BOTH, when: 'RESIDENT_PENSION', system: 'SOCIAL_INSURANCE', write: 'STOP_PENSION', form: 'RESIDENT_PENSION_TERMINATION' },
  { kinds: DEATH, when: 'INSURED', system: 'SOCIAL_INSURANCE', write: 'FILE_FUNERAL_CLAIM', form: 'FUNERAL_GRANT_CLAIM' },
  { kinds: DEATH, when: 'HEALTH_RECORD', system: 'HEALTH_PLATFORM', write: 'RECORD_DEATH', form: 'DEATH_REGISTRATION_REPORT' },
  { kinds: DEATH, when: 'FAMILY_PLANNING_ASSISTANCE', system: 'HEALTH_PLATFORM', write: 'END_FAMILY_PLANNING_ASSISTANCE', form: 'FAMILY_PLANNING_ASSISTANCE_TERMINATION' },
  { kinds: BOTH, when: 'REGISTERED_RESIDENT', system: 'COMMUNITY_REGISTRY', write: 'RECORD_POPULATION_CHANGE', form: 'POPULATION_CHANGE_REGISTER' },
  // A death or a move always leaves the dwelling with one occupant fewer; the registry write above records both.
  { kinds: BOTH, when: 'DWELLING_OCCUPANT', system: 'COMMUNITY_REGISTRY', write: null, form: 'HOUSING_OCCUPANCY_UPDATE' },
];

export interface DeliveryPlan {
  /** The rows that apply, in table order. Empty: NOT_APPLICABLE. */
  rules: Rule[];
  writes: WriteAction[];
  forms: FormType[];
}

/** The rows of the table for a change of `kind` in `system`, whatever the person holds; none: the system has nothing to do for such a change. */
export const rowsFor = (kind: ChangeKind, system: SystemName): Rule[] => RULES.filter((r) => r.system === system && r.kinds.includes(kind));

/** What one system must do for a change, given what that system's own record says the person holds. */
export function planDelivery(kind: ChangeKind, system: SystemName, enrolments: ReadonlySet<Enrolment>): DeliveryPlan {
  return planFrom(rowsFor(kind, system), enrolments);
}

/** The plan from a change's rows (`rowsFor`) and what the person holds: the rows for their enrolments, their writes once each, their forms. */
export function planFrom(rows: readonly Rule[], enrolments: ReadonlySet<Enrolment>): DeliveryPlan {
  const rules = rows.filter((r) => enrolments.has(r.when));
  return {
    rules,
    writes: [...new Set(rules.map((r) => r.write).filter((w): w is WriteAction => w !== null))],
    forms: rules.map((r) => r.form),
  };
}
