import { checkCharacter, idNumberProblem, makeIdNumber, maskIdNumber, birthDateOf, sexOf } from './idNumber';

describe('GB 11643 ID numbers', () => {
  it('computes the published check character of the standard example', () => {
    // GB 11643-1999 annex example: 11010519491231002X
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(idNumberProblem('11010519491231002X')).toBeNull();
  });

  it('names the rule each malformed number breaks', () => {
    expect(idNumberProblem('1101051949123100')).toBe('length');
    expect(idNumberProblem('11010519491231002Y')).toBe('digits');
    expect(idNumberProblem(makeIdNumber('510114', '19490230', 1).slice(0, 17) + '0')).toBe('birthDate');
    expect(idNumberProblem('110105194912310021')).toBe('checkCharacter');
  });

  it('rejects birth dates after today', () => {
    const id = makeIdNumber('510114', '20300101', 1);
    expect(idNumberProblem(id, '2026-11-28')).toBe('birthDate');
    expect(idNumberProblem(id)).toBeNull();
  });

  it('masks all but the first 6 and last 4 characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('reads the birth date and sex back', () => {
    const id = makeIdNumber('510114', '19561003', 123);
    expect(birthDateOf(id)).toBe('1956-10-03');
    expect(sexOf(id)).toBe('M');
  });
});
