/** The 11 templates, each declared once, and a form's content made from its declaration alone. */
import { makeIdNumber } from '../idNumber';
import { RULES } from '../rules';
import { fillForm, FORM_TYPES, formColumns, FORMS, type FieldType, type FieldValue, type ReportedChange } from './index';
import { TEMPLATES } from './templates';

const ID = makeIdNumber('510114', '19450302', 17);
const report: ReportedChange = {
  change: {
    idempotencyKey: 'k-1',
    kind: 'DEATH',
    idNumber: ID,
    name: '张某',
    effectiveDate: '2026-10-03',
    community: '510114001001',
    death: { place: '家中', certificateNumber: 'CD-1' },
    move: null,
  },
  reportedBy: 'worker-1',
  reportedAt: '2026-10-05T02:00:00.000Z',
};

/** What a value of each field type looks like on a form. */
const SHAPES: Record<FieldType, (v: Exclude<FieldValue, null>) => boolean> = {
  text: (v) => typeof v === 'string',
  code: (v) => typeof v === 'string',
  date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
  datetime: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && v.includes('T'),
  amount: (v) => typeof v === 'number',
  count: (v) => Number.isInteger(v),
};

describe('the form templates', () => {
  it('declare every form type exactly once, with its own number and title', () => {
    expect(Object.keys(TEMPLATES).sort()).toEqual([...FORM_TYPES].sort());
    expect(new Set(FORM_TYPES).size).toBe(FORM_TYPES.length);
    expect(FORM_TYPES.map((t) => FORMS[t].number)).toEqual(FORM_TYPES.map((_, i) => i + 1));
    expect(new Set(FORM_TYPES.map((t) => FORMS[t].title)).size).toBe(FORM_TYPES.length);
  });

  it('declare every form the rules table produces, for the department that owns the writing system', () => {
    for (const rule of RULES) expect([rule.form, FORM_TYPES.includes(rule.form)]).toEqual([rule.form, true]);
  });

  it('give every field a Chinese title, and one title per field name across templates (the pages label a field by it)', () => {
    const titles = new Map<string, Set<string>>();
    for (const type of FORM_TYPES) {
      for (const [name, field] of Object.entries(FORMS[type].fields)) {
        expect([type, name, /\p{Script=Han}/u.test(field.title)]).toEqual([type, name, true]);
        titles.set(name, (titles.get(name) ?? new Set()).add(field.title));
      }
    }
    expect([...titles].filter(([, t]) => t.size > 1).map(([name]) => name)).toEqual([]);
  });
});

describe('fillForm', () => {
  /** Facts for every field a template fills from the record, each a value of its declared type. */
  const factsFor = (type: (typeof FORM_TYPES)[number]) =>
    Object.fromEntries(
      Object.entries(FORMS[type].fields)
        .filter(([, f]) => f.source === 'record')
        .map(([name, f]) => [name, f.type === 'amount' || f.type === 'count' ? 3 : f.type === 'date' ? '2020-01-01' : `${name}-value`]),
    );

  it.each(FORM_TYPES)('puts on a %s form exactly its template’s fields, in order, each of its declared type', (type) => {
    // A fact the template does not declare never reaches the form.
    const payload = fillForm(type, report, { ...factsFor(type), undeclared: 'x' } as never);
    expect(Object.keys(payload)).toEqual(formColumns(type));
    for (const [name, value] of Object.entries(payload)) {
      if (value === null) continue;
      expect([name, SHAPES[FORMS[type].fields[name].type](value)]).toEqual([name, true]);
    }
  });

  it('fills the report’s fields from the report, and the record’s from the department’s facts', () => {
    const payload = fillForm('POPULATION_CHANGE_REGISTER', report, { registryChangeId: 'c-9', name: '张某某', sex: 'F', birthDate: '1945-03-02', address: '新都区某街 1 号' });
    expect(payload).toMatchObject({ registryChangeId: 'c-9', idNumber: ID, name: '张某某', deathPlace: '家中', destination: null, reportedBy: 'worker-1', reportedAt: report.reportedAt });
    expect(fillForm('RETIREMENT_BENEFIT_CANCELLATION', report, { pensionKind: 'EMPLOYEE_RETIREMENT', monthlyAmount: 3200, since: '2005-01-01' })).toMatchObject({
      // The ID number's sequence, 017, is odd: a man.
      sex: 'M',
      birthDate: '1945-03-02',
      monthlyAmount: 3200,
      stoppedOn: '2026-10-03',
    });
  });
});
