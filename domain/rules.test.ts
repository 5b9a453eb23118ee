import { FORMS, FORM_TYPES } from './forms';
import { planDelivery, RULES, type ChangeKind, type Enrolment } from './rules';
import { SYSTEMS, type SystemName } from './systems';

/** The table as the departments wrote it: change x enrolment -> system, write, form. */
const EXPECTED: Array<[ChangeKind, Enrolment, SystemName, string | null, string | null]> = [
  ['DEATH', 'SUBSISTENCE_ALLOWANCE', 'SOCIAL_ASSISTANCE', 'TERMINATE_SUBSISTENCE_ALLOWANCE', 'SUBSISTENCE_ALLOWANCE_CANCELLATION'],
  ['MOVED_OUT', 'SUBSISTENCE_ALLOWANCE', 'SOCIAL_ASSISTANCE', 'TERMINATE_SUBSISTENCE_ALLOWANCE', 'SUBSISTENCE_ALLOWANCE_CANCELLATION'],
  ['DEATH', 'SPECIAL_HARDSHIP', 'SOCIAL_ASSISTANCE', 'TERMINATE_SPECIAL_HARDSHIP', 'SPECIAL_HARDSHIP_TERMINATION'],
  ['MOVED_OUT', 'SPECIAL_HARDSHIP', 'SOCIAL_ASSISTANCE', 'TERMINATE_SPECIAL_HARDSHIP', 'SPECIAL_HARDSHIP_TERMINATION'],
  ['DEATH', 'ELDERLY_SUBSIDY', 'ELDERLY_DISABILITY_SUBSIDY', 'STOP_ELDERLY_SUBSIDY', 'ELDERLY_SUBSIDY_REDUCTION'],
  ['MOVED_OUT', 'ELDERLY_SUBSIDY', 'ELDERLY_DISABILITY_SUBSIDY', 'STOP_ELDERLY_SUBSIDY', 'ELDERLY_SUBSIDY_REDUCTION'],
  ['DEATH', 'DISABILITY_SUBSIDY', 'ELDERLY_DISABILITY_SUBSIDY', 'STOP_DISABILITY_SUBSIDY', 'DISABILITY_SUBSIDY_CANCELLATION'],
  ['MOVED_OUT', 'DISABILITY_SUBSIDY', 'ELDERLY_DISABILITY_SUBSIDY', 'STOP_DISABILITY_SUBSIDY', 'DISABILITY_SUBSIDY_CANCELLATION'],
  ['DEATH', 'EMPLOYEE_PENSION', 'SOCIAL_INSURANCE', 'STOP_PENSION', 'RETIREMENT_BENEFIT_CANCELLATION'],
  ['MOVED_OUT', 'EMPLOYEE_PENSION', 'SOCIAL_INSURANCE', null, null],
  ['DEATH', 'RESIDENT_PENSION', 'SOCIAL_INSURANCE', 'STOP_PENSION', 'RESIDENT_PENSION_TERMINATION'],
  ['MOVED_OUT', 'RESIDENT_PENSION', 'SOCIAL_INSURANCE', 'STOP_PENSION', 'RESIDENT_PENSION_TERMINATION'],
  ['DEATH', 'INSURED', 'SOCIAL_INSURANCE', 'FILE_FUNERAL_CLAIM', 'FUNERAL_GRANT_CLAIM'],
  ['MOVED_OUT', 'INSURED', 'SOCIAL_INSURANCE', null, null],
  ['DEATH', 'HEALTH_RECORD', 'HEALTH_PLATFORM', 'RECORD_DEATH', 'DEATH_REGISTRATION_REPORT'],
  ['MOVED_OUT', 'HEALTH_RECORD', 'HEALTH_PLATFORM', null, null],
  ['DEATH', 'FAMILY_PLANNING_ASSISTANCE', 'HEALTH_PLATFORM', 'END_FAMILY_PLANNING_ASSISTANCE', 'FAMILY_PLANNING_ASSISTANCE_TERMINATION'],
  ['MOVED_OUT', 'FAMILY_PLANNING_ASSISTANCE', 'HEALTH_PLATFORM', null, null],
  ['DEATH', 'REGISTERED_RESIDENT', 'COMMUNITY_REGISTRY', 'RECORD_POPULATION_CHANGE', 'POPULATION_CHANGE_REGISTER'],
  ['MOVED_OUT', 'REGISTERED_RESIDENT', 'COMMUNITY_REGISTRY', 'RECORD_POPULATION_CHANGE', 'POPULATION_CHANGE_REGISTER'],
  ['DEATH', 'DWELLING_OCCUPANT', 'COMMUNITY_REGISTRY', null, 'HOUSING_OCCUPANCY_UPDATE'],
  ['MOVED_OUT', 'DWELLING_OCCUPANT', 'COMMUNITY_REGISTRY', null, 'HOUSING_OCCUPANCY_UPDATE'],
];

describe('the rules table', () => {
  it.each(EXPECTED)('%s of a person with %s in %s -> write %s, form %s', (kind, enrolment, system, write, form) => {
    const plan = planDelivery(kind, system, new Set([enrolment]));
    expect(plan.writes).toEqual(write ? [write] : []);
    expect(plan.forms).toEqual(form ? [form] : []);
  });

  it('a person enrolled in nothing a system holds is NOT_APPLICABLE there (no write, no form)', () => {
    for (const system of Object.keys(SYSTEMS) as SystemName[]) {
      expect(planDelivery('DEATH', system, new Set())).toEqual({ rules: [], writes: [], forms: [] });
    }
  });

  it('each form is produced by its own department’s system and every form has a row', () => {
    for (const rule of RULES) expect(SYSTEMS[rule.system].department).toBe(FORMS[rule.form].department);
    expect(new Set(RULES.map((r) => r.form))).toEqual(new Set(FORM_TYPES));
  });

  it('a death of a pensioner who is insured stops the pension and files the funeral claim in one system', () => {
    const plan = planDelivery('DEATH', 'SOCIAL_INSURANCE', new Set<Enrolment>(['EMPLOYEE_PENSION', 'INSURED']));
    expect(plan.writes).toEqual(['STOP_PENSION', 'FILE_FUNERAL_CLAIM']);
    expect(plan.forms).toEqual(['RETIREMENT_BENEFIT_CANCELLATION', 'FUNERAL_GRANT_CLAIM']);
  });
});
