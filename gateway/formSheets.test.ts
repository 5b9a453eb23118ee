import { beijingTime, shownValue } from '../domain/forms/labels';
import { contentDisposition, downloadNames, periodOf } from './downloadName';
import { formsCsv, sheetName } from './formSheets';

describe('a sheet name Excel accepts', () => {
  it('takes out the characters Excel refuses and keeps within 31 characters', () => {
    expect(sheetName('死亡/迁出[汇总]:表?*\\', new Set())).toBe('死亡迁出汇总表');
    const long = '很'.repeat(40);
    expect([...sheetName(long, new Set())]).toHaveLength(31);
  });

  it('is unique, ignoring case as Excel does, still within 31 characters', () => {
    expect(sheetName('Forms', new Set(['forms']))).toBe('Forms (2)');
    const long = '很'.repeat(40);
    const first = sheetName(long, new Set());
    const second = sheetName(long, new Set([first]));
    expect(second).not.toBe(first);
    expect([...second]).toHaveLength(31);
    expect(second.endsWith(' (2)')).toBe(true);
  });
});

describe('what a clerk reads in a form', () => {
  it('gives times in Beijing time whatever the machine’s zone', () => {
    expect(beijingTime('2026-03-04T18:05:00Z')).toBe('2026-03-05 02:05');
    expect(beijingTime('not a time')).toBe('not a time');
  });

  it('gives codes in words', () => {
    expect(shownValue('DEATH_REGISTRATION_REPORT', 'changeKind', 'DEATH')).toBe('死亡');
    expect(shownValue('RETIREMENT_BENEFIT_CANCELLATION', 'sex', 'F')).toBe('女');
    expect(shownValue('RETIREMENT_BENEFIT_CANCELLATION', 'reportedAt', '2026-01-01T00:00:00.000Z')).toBe('2026-01-01 08:00');
    expect(shownValue('FUNERAL_GRANT_CLAIM', 'pensionKind', 'EMPLOYEE_RETIREMENT')).toBe('职工基本养老保险');
    expect(shownValue('DISABILITY_SUBSIDY_CANCELLATION', 'category', 'BOTH')).toBe('生活补贴和护理补贴');
    expect(shownValue(undefined, 'idNumber', '51011419400203017X')).toBe('51011419400203017X');
  });
});

describe('the name a download is saved under', () => {
  const clerk = { subject: 'clerk', role: 'civil-affairs' as const };
  it('names the department and the period, in Chinese with an ASCII fallback', () => {
    const names = downloadNames(clerk, periodOf({ preset: 'LAST_MONTH' }, new Date('2026-03-15T04:00:00Z')), 'xlsx');
    expect(names).toEqual({ chinese: '民政部门-表单-2026-02-01至2026-02-28.xlsx', ascii: 'forms-civil-affairs-2026-02-01_2026-02-28.xlsx' });
    expect(contentDisposition(names)).toBe(
      `attachment; filename="forms-civil-affairs-2026-02-01_2026-02-28.xlsx"; filename*=UTF-8''${encodeURIComponent('民政部门-表单-2026-02-01至2026-02-28.xlsx')}`,
    );
  });

  it('says when the forms are listed by the day reported, or one community\'s only: such downloads of one period hold other forms', () => {
    const period = periodOf({ from: '2026-01-01', to: '2026-01-31' });
    expect(downloadNames(clerk, period, 'xlsx', { by: 'REPORTED' })).toEqual({ chinese: '民政部门-表单-按上报日期-2026-01-01至2026-01-31.xlsx', ascii: 'forms-civil-affairs-by-reported-2026-01-01_2026-01-31.xlsx' });
    expect(downloadNames(clerk, period, 'csv', { by: 'EFFECTIVE', community: '510114001001' }).chinese).toBe('民政部门-社区510114001001-表单-2026-01-01至2026-01-31.csv');
    // A community worker's own download already names the community once.
    expect(downloadNames({ subject: 'w', role: 'community', community: '510114001001' }, period, 'csv', { community: '510114001001' }).chinese).toBe('社区510114001001-表单-2026-01-01至2026-01-31.csv');
  });

  it('names a community by its code, and reads explicit dates', () => {
    const names = downloadNames({ subject: 'w', role: 'community', community: '510114001001' }, periodOf({ from: '2026-01-01', to: '2026-01-31' }), 'csv');
    expect(names.chinese).toBe('社区510114001001-表单-2026-01-01至2026-01-31.csv');
  });
});

describe('a withdrawn report in the downloads', () => {
  const row = (withdrawn: boolean) => ({
    id: `f-${withdrawn}`, type: 'POPULATION_CHANGE_REGISTER' as const, number: 10, title: '人口变动登记表', department: 'community' as const,
    effectiveDate: '2026-12-01', createdAt: '2026-12-01T02:00:00.000Z', intakeId: 'int_x', isNew: false, withdrawn, handledAt: null, handledBy: null, fields: [],
  });
  it('keeps the form, marked 已撤回 in its 状态 column, so a clerk does not act on it again', () => {
    const lines = formsCsv([row(false), row(true)]).split('\r\n');
    const status = lines[0]!.split(',').indexOf('状态');
    expect(status).toBeGreaterThan(0);
    expect(lines[1]!.split(',')[status]).toBe('有效');
    expect(lines[2]!.split(',')[status]).toBe('已撤回');
  });
});
