/** The rule of a form's content: each declared origin is a field the matrix knows, and each reader gets what its cells give. */
import { FORM_TYPES, FORMS, type FormType } from '../../domain/forms';
import { maskIdNumber } from '../../domain/idNumber';
import { readableFormFields } from './formFieldAccess';
import { MATRIX, TYPE_ACCESS } from './permissions';

const ID = '510114198001011234';
const form = (type: FormType, values: Record<string, string>) => ({ type, department: FORMS[type].department, fields: Object.entries(values).map(([name, value]) => ({ name, value })) });
const pension = form('RETIREMENT_BENEFIT_CANCELLATION', { name: '王某', idNumber: ID, birthDate: '1980-01-01', deathPlace: '家中', monthlyAmount: '3200', pensionKind: 'EMPLOYEE', undeclared: 'x' });

describe('form field access', () => {
  it('every declared origin is a field of the matrix, a field of a type it gives roles to, or the department’s own record', () => {
    const unknown = FORM_TYPES.flatMap((type) =>
      Object.entries(FORMS[type].fields)
        .filter(([, s]) => s.from !== 'department' && !MATRIX.some((r) => r.field === s.from) && !TYPE_ACCESS[s.from.split('.')[0]])
        .map(([name, s]) => `${type}.${name} <- ${s.from}`),
    );
    expect(unknown).toEqual([]);
  });

  it('the form’s department reads it whole, undeclared fields included', () => {
    expect(readableFormFields(pension, 'hrss')).toEqual(pension.fields);
  });

  it('a community worker reads only what it may read on Resident and PopulationChange', () => {
    expect(readableFormFields(pension, 'community').map((f) => f.name)).toEqual(['name', 'idNumber', 'birthDate', 'deathPlace']);
  });

  it('supervision reads every declared field, the ID number masked and the birth date kept to its year', () => {
    expect(readableFormFields(pension, 'supervision')).toEqual([
      { name: 'name', value: '王某' },
      { name: 'idNumber', value: maskIdNumber(ID) },
      { name: 'birthDate', value: '1980-**-**' },
      { name: 'deathPlace', value: '家中' },
      { name: 'monthlyAmount', value: '3200' },
      { name: 'pensionKind', value: 'EMPLOYEE' },
    ]);
  });

  it.each(['civil-affairs', 'health', 'reconciliation'] as const)('%s, another department or a service, is refused the content', (role) => {
    expect(() => readableFormFields(pension, role)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }));
  });
});

describe('form field access follows each template’s declaration (domain/forms)', () => {
  /** The origins that are another department's data to a community worker (the matrix): benefits, insurance, assistance, internal ids; not vital status, which it reads of its own residents. */
  const DEPARTMENTS_DATA = ['Resident.subsistenceAllowance', 'Resident.specialHardship', 'Resident.elderlySubsidy', 'Resident.disabilitySubsidy', 'Resident.pension', 'Resident.insured', 'Resident.familyPlanningAssistance', 'department'];
  const whole = (type: FormType) => form(type, Object.fromEntries(Object.keys(FORMS[type].fields).map((name) => [name, `${name}-value`])));
  const othersForms = FORM_TYPES.filter((t) => FORMS[t].department !== 'community');

  it.each(othersForms)('a community worker reads on a %s form none of the fields declared from the department’s data, and every other declared field', (type) => {
    const declared = Object.entries(FORMS[type].fields);
    const read = readableFormFields(whole(type), 'community').map((f) => f.name);
    expect(read).toEqual(declared.filter(([, f]) => !DEPARTMENTS_DATA.includes(f.from)).map(([name]) => name));
    expect(read.length).toBeLessThan(declared.length);
  });

  it('the declared origin decides, not where the value is filled from: a stop date is the report’s date but the benefit’s data', () => {
    expect(FORMS.SUBSISTENCE_ALLOWANCE_CANCELLATION.fields.stoppedOn).toMatchObject({ source: 'report', from: 'Resident.subsistenceAllowance' });
    expect(readableFormFields(whole('SUBSISTENCE_ALLOWANCE_CANCELLATION'), 'community').map((f) => f.name)).not.toContain('stoppedOn');
  });

  it.each(FORM_TYPES)('supervision reads a %s form with exactly the fields declared masked, masked', (type) => {
    const read = readableFormFields(form(type, Object.fromEntries(Object.keys(FORMS[type].fields).map((name) => [name, ID]))), 'supervision');
    for (const field of read) {
      const mask = FORMS[type].fields[field.name].mask;
      expect([field.name, field.value]).toEqual([field.name, mask === 'idNumber' ? maskIdNumber(ID) : mask === 'birthYear' ? `${ID.slice(0, 4)}-**-**` : ID]);
    }
    expect(read.map((f) => f.name)).toEqual(Object.keys(FORMS[type].fields));
  });
});
