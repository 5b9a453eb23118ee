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
