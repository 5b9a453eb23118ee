/** The graph's field list and the downloads' columns come from the templates' declarations. */
import { formColumns, type FormType } from './index';
import { exportColumns, fieldList, type NamedValue } from './layout';

const row = (type: FormType, names: readonly string[]): { type: FormType; fields: NamedValue[] } => ({ type, fields: names.map((name) => ({ name, value: `${name}?` })) });

describe('a form laid out from its template', () => {
  it('lists a stored form’s fields in the template’s order whatever order they were stored in, values as text, undeclared ones last', () => {
    const stored = { stoppedOn: '2026-10-03', monthlyAmount: 500, legacy: true, idNumber: '510114194503020172', name: '张某', since: null };
    expect(fieldList('SUBSISTENCE_ALLOWANCE_CANCELLATION', stored)).toEqual([
      { name: 'name', value: '张某' },
      { name: 'idNumber', value: '510114194503020172' },
      { name: 'monthlyAmount', value: '500' },
      { name: 'since', value: null },
      { name: 'stoppedOn', value: '2026-10-03' },
      { name: 'legacy', value: 'true' },
    ]);
  });

  it('gives a sheet of one form type its template’s columns, in order', () => {
    const shuffled = [...formColumns('FUNERAL_GRANT_CLAIM')].reverse();
    expect(exportColumns([row('FUNERAL_GRANT_CLAIM', shuffled)])).toEqual(formColumns('FUNERAL_GRANT_CLAIM'));
  });

  it('gives a file of several types each template’s columns by form number, whichever form comes first, each column once', () => {
    const columns = exportColumns([row('HOUSING_OCCUPANCY_UPDATE', formColumns('HOUSING_OCCUPANCY_UPDATE')), row('SUBSISTENCE_ALLOWANCE_CANCELLATION', formColumns('SUBSISTENCE_ALLOWANCE_CANCELLATION'))]);
    const first = formColumns('SUBSISTENCE_ALLOWANCE_CANCELLATION');
    expect(columns.slice(0, first.length)).toEqual(first);
    expect(columns.slice(first.length)).toEqual(formColumns('HOUSING_OCCUPANCY_UPDATE').filter((c) => !first.includes(c)));
  });

  it('leaves out a column no form gives the reader (a withheld field is no empty column), and keeps an undeclared one after the declared', () => {
    // A community worker's copy of a civil-affairs form: the case's fields withheld.
    expect(exportColumns([row('SUBSISTENCE_ALLOWANCE_CANCELLATION', ['name', 'idNumber', 'extra'])])).toEqual(['name', 'idNumber', 'extra']);
  });
});
