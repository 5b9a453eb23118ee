/** The 11 forms produced from one population change (DESIGN.md, "The 11 forms"). */
import type { Department } from './systems';

export const FORM_TYPES = [
  'SUBSISTENCE_ALLOWANCE_CANCELLATION',
  'SPECIAL_HARDSHIP_TERMINATION',
  'ELDERLY_SUBSIDY_REDUCTION',
  'DISABILITY_SUBSIDY_CANCELLATION',
  'RETIREMENT_BENEFIT_CANCELLATION',
  'RESIDENT_PENSION_TERMINATION',
  'FUNERAL_GRANT_CLAIM',
  'DEATH_REGISTRATION_REPORT',
  'FAMILY_PLANNING_ASSISTANCE_TERMINATION',
  'POPULATION_CHANGE_REGISTER',
  'HOUSING_OCCUPANCY_UPDATE',
] as const;
export type FormType = (typeof FORM_TYPES)[number];

export interface FormDescription {
  /** The number of the form in the departments' list (1-11). */
  number: number;
  department: Department;
  /** The form's title on the department's template. */
  title: string;
}

export const FORMS: Record<FormType, FormDescription> = {
  SUBSISTENCE_ALLOWANCE_CANCELLATION: { number: 1, department: 'civil-affairs', title: '最低生活保障注销审批表' },
  SPECIAL_HARDSHIP_TERMINATION: { number: 2, department: 'civil-affairs', title: '特困人员救助供养终止审批表' },
  ELDERLY_SUBSIDY_REDUCTION: { number: 3, department: 'civil-affairs', title: '高龄老人津贴核减表' },
  DISABILITY_SUBSIDY_CANCELLATION: { number: 4, department: 'civil-affairs', title: '残疾人两项补贴注销表' },
  RETIREMENT_BENEFIT_CANCELLATION: { number: 5, department: 'hrss', title: '离退休人员待遇注销表' },
  RESIDENT_PENSION_TERMINATION: { number: 6, department: 'hrss', title: '城乡居民养老保险待遇终止表' },
  FUNERAL_GRANT_CLAIM: { number: 7, department: 'hrss', title: '丧葬补助金和抚恤金申领表' },
  DEATH_REGISTRATION_REPORT: { number: 8, department: 'health', title: '死亡登记报告表' },
  FAMILY_PLANNING_ASSISTANCE_TERMINATION: { number: 9, department: 'health', title: '计划生育特别扶助终止表' },
  POPULATION_CHANGE_REGISTER: { number: 10, department: 'community', title: '人口变动登记表' },
  HOUSING_OCCUPANCY_UPDATE: { number: 11, department: 'community', title: '房屋居住情况变更表' },
};
