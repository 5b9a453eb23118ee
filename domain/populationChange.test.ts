import { makeIdNumber } from './idNumber';
import { shanghaiToday } from './period';
import { PopulationChangeInput } from './populationChange';
import { toFieldProblems } from './validation';

const today = shanghaiToday();
const valid = {
  idempotencyKey: 'report-0001',
  kind: 'DEATH',
  idNumber: makeIdNumber('510114', '19400105', 11),
  name: '王秀英',
  effectiveDate: today,
  community: '510114001001',
  death: { place: '新都区人民医院', certificateNumber: 'D2026-000123' },
};

function problems(input: unknown) {
  const r = PopulationChangeInput.safeParse(input);
  return r.success ? [] : toFieldProblems(r.error, ['input']).map((p) => [p.path.join('.'), p.rule]);
}

describe('the population change input', () => {
  it('accepts a complete death report and normalises it', () => {
    const r = PopulationChangeInput.parse({ ...valid, idNumber: valid.idNumber.toLowerCase() });
    expect(r.idNumber).toBe(valid.idNumber);
    expect(r.move).toBeNull();
  });

  it('accepts a move with its destination', () => {
    expect(problems({ ...valid, kind: 'MOVED_OUT', death: undefined, move: { destination: '成都市武侯区' } })).toEqual([]);
  });

  it.each([
    ['a wrong check character', { idNumber: valid.idNumber.slice(0, 17) + (valid.idNumber[17] === '0' ? '1' : '0') }, 'input.idNumber', 'checkCharacter'],
    ['a wrong length', { idNumber: '51011419400105' }, 'input.idNumber', 'length'],
    ['an impossible birth date', { idNumber: makeIdNumber('510114', '19400231', 11) }, 'input.idNumber', 'birthDate'],
    ['an impossible effective date', { effectiveDate: '2026-02-30' }, 'input.effectiveDate', 'realDate'],
    ['a future effective date', { effectiveDate: '2999-01-01' }, 'input.effectiveDate', 'notInFuture'],
    ['an absurdly old effective date', { effectiveDate: '1990-01-01' }, 'input.effectiveDate', 'tooOld'],
    ['a malformed community code', { community: 'guihu' }, 'input.community', 'format'],
    ['a missing name', { name: '  ' }, 'input.name', 'required'],
    ['a name with digits', { name: '王1' }, 'input.name', 'format'],
    ['an unknown kind', { kind: 'BORN' }, 'input.kind', 'oneOf'],
    ['a death without details', { death: null }, 'input.death', 'required'],
    ['a death with move details', { move: { destination: 'x' } }, 'input.move', 'notForKind'],
    ['a short idempotency key', { idempotencyKey: 'abc' }, 'input.idempotencyKey', 'format'],
    ['an unknown field', { extra: 1 }, 'input', 'unknownField'],
  ])('rejects %s, naming the field and rule', (_label, change, path, rule) => {
    expect(problems({ ...valid, ...change })).toContainEqual([path, rule]);
  });

  it('reports every bad field at once', () => {
    const found = problems({ ...valid, idNumber: '123', name: '', effectiveDate: '2999-01-01', community: 'x' });
    expect(found.map(([p]) => p).sort()).toEqual(['input.community', 'input.effectiveDate', 'input.idNumber', 'input.name']);
  });

  it('rejects a move without its destination', () => {
    expect(problems({ ...valid, kind: 'MOVED_OUT', death: undefined })).toContainEqual(['input.move', 'required']);
  });
});
