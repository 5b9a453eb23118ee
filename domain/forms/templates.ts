/**
 * The 11 forms produced from one population change (DESIGN.md, "The 11 forms"), each declared
 * once: its number in the departments' list, its department, its title, and its fields in the
 * template's order (the order the exports' columns follow). A field's `from` is the graph field
 * its value carries, which decides who else reads it (platform/auth/formFieldAccess.ts).
 */
import type { Department } from '../systems';
import { recorded, reported, type FormField } from './fields';
import { FROM_ID_NUMBER, REPORTED, REPORTED_DEATH, stopped } from './reported';

export interface FormTemplate<F extends Readonly<Record<string, FormField>> = Readonly<Record<string, FormField>>> {
  /** The number of the form in the departments' list (1-11). */
  number: number;
  department: Department;
  /** The form's title on the department's template. */
  title: string;
  fields: F;
}

/** Keeps each template's field declarations exact, so a delivery's facts are typed by them. */
const template = <F extends Readonly<Record<string, FormField>>>(t: FormTemplate<F>): FormTemplate<F> => t;

const deathDate = reported('死亡日期', 'date', 'PopulationChange.effectiveDate', (r) => r.change.effectiveDate);
const pensionKind = recorded('养老金类别', 'code', 'Resident.pension');

export const TEMPLATES = {
  SUBSISTENCE_ALLOWANCE_CANCELLATION: template({
    number: 1,
    department: 'civil-affairs',
    title: '最低生活保障注销审批表',
    fields: { ...REPORTED, caseNo: recorded('案件编号', 'code', 'Resident.subsistenceAllowance'), ...stopped('Resident.subsistenceAllowance') },
  }),
  SPECIAL_HARDSHIP_TERMINATION: template({
    number: 2,
    department: 'civil-affairs',
    title: '特困人员救助供养终止审批表',
    fields: { ...REPORTED, caseNo: recorded('案件编号', 'code', 'Resident.specialHardship'), ...stopped('Resident.specialHardship') },
  }),
  ELDERLY_SUBSIDY_REDUCTION: template({
    number: 3,
    department: 'civil-affairs',
    title: '高龄老人津贴核减表',
    // The elderly subsidy's amount follows the age band: the template prints the birth date.
    fields: { ...REPORTED, birthDate: FROM_ID_NUMBER.birthDate, ...stopped('Resident.elderlySubsidy') },
  }),
  DISABILITY_SUBSIDY_CANCELLATION: template({
    number: 4,
    department: 'civil-affairs',
    title: '残疾人两项补贴注销表',
    fields: { ...REPORTED, birthDate: FROM_ID_NUMBER.birthDate, category: recorded('补贴类别', 'code', 'Resident.disabilitySubsidy'), ...stopped('Resident.disabilitySubsidy') },
  }),
  RETIREMENT_BENEFIT_CANCELLATION: template({
    number: 5,
    department: 'hrss',
    title: '离退休人员待遇注销表',
    fields: { ...REPORTED, ...FROM_ID_NUMBER, pensionKind, ...stopped('Resident.pension') },
  }),
  RESIDENT_PENSION_TERMINATION: template({
    number: 6,
    department: 'hrss',
    title: '城乡居民养老保险待遇终止表',
    fields: { ...REPORTED, ...FROM_ID_NUMBER, pensionKind, ...stopped('Resident.pension') },
  }),
  FUNERAL_GRANT_CLAIM: template({
    number: 7,
    department: 'hrss',
    title: '丧葬补助金和抚恤金申领表',
    fields: {
      ...REPORTED,
      ...FROM_ID_NUMBER,
      claimId: recorded('申领编号', 'code', 'Resident.insured'),
      deathDate,
      // The grant and the survivor pension are reckoned from the pension the deceased drew, if any.
      pensionKind,
      monthlyPension: recorded('月养老金（元）', 'amount', 'Resident.pension'),
    },
  }),
  DEATH_REGISTRATION_REPORT: template({
    number: 8,
    department: 'health',
    title: '死亡登记报告表',
    fields: {
      ...REPORTED_DEATH,
      ...FROM_ID_NUMBER,
      // The health platform's own key for the person.
      patientId: recorded('健康档案编号', 'code', 'department'),
      deathDate,
      // The date the platform holds: another than the reported one when a hospital registered the death first.
      registeredDeathDate: recorded('平台登记死亡日期', 'date', 'Resident.vitalStatus'),
    },
  }),
  FAMILY_PLANNING_ASSISTANCE_TERMINATION: template({
    number: 9,
    department: 'health',
    title: '计划生育特别扶助终止表',
    fields: { ...REPORTED_DEATH, ...FROM_ID_NUMBER, episodeId: recorded('扶助记录编号', 'code', 'Resident.familyPlanningAssistance'), ...stopped('Resident.familyPlanningAssistance') },
  }),
  POPULATION_CHANGE_REGISTER: template({
    number: 10,
    department: 'community',
    title: '人口变动登记表',
    fields: {
      registryChangeId: recorded('登记变更编号', 'code', 'department'),
      ...REPORTED,
      // The registry's own record of the person beside the change.
      name: recorded('姓名', 'text', 'Resident.name'),
      sex: recorded('性别', 'code', 'Resident.sex'),
      birthDate: recorded('出生日期', 'date', 'Resident.birthDate', 'birthYear'),
      address: recorded('住址', 'text', 'Resident.address'),
    },
  }),
  HOUSING_OCCUPANCY_UPDATE: template({
    number: 11,
    department: 'community',
    title: '房屋居住情况变更表',
    fields: {
      dwellingId: recorded('房屋编号', 'code', 'Resident.address'),
      address: recorded('住址', 'text', 'Resident.address'),
      community: recorded('社区代码', 'code', 'Resident.community'),
      departedName: recorded('迁离/去世人员', 'text', 'Resident.name'),
      departedIdNumber: recorded('迁离/去世人员身份证号', 'code', 'Resident.idNumber', 'idNumber'),
      changeKind: REPORTED.changeKind,
      effectiveDate: REPORTED.effectiveDate,
      occupantsRemaining: recorded('剩余居住人数', 'count', 'Resident.address'),
      vacantSince: recorded('空置起始日期', 'date', 'Resident.address'),
    },
  }),
};
