import { REFERENCE_ALPHABET, referenceIn, reportReference } from './reference';

describe('a report reference', () => {
  it('is the same for the same report and differs between reports', () => {
    expect(reportReference('intake-a')).toBe(reportReference('intake-a'));
    const many = new Set(Array.from({ length: 5000 }, (_, i) => reportReference(`intake-${i}`)));
    expect(many.size).toBe(5000);
  });

  it('reads out without characters people confuse (0/O, 1/I/L, U/V)', () => {
    for (const confusing of '01OILUV') expect(REFERENCE_ALPHABET).not.toContain(confusing);
    for (let i = 0; i < 500; i++) expect(reportReference(`r${i}`)).toMatch(/^RG-[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTWXYZ]{4}$/);
  });

  it('is found in what a person typed: any case, with or without the prefix and dashes', () => {
    const ref = reportReference('intake-typed');
    const code = ref.slice(3).replace('-', '');
    expect(referenceIn(ref)).toBe(ref);
    expect(referenceIn(code.toLowerCase())).toBe(ref);
    expect(referenceIn(` rg ${code.slice(0, 4)} ${code.slice(4)} `)).toBe(ref);
  });

  it('is not found in names, ID numbers or near misses', () => {
    expect(referenceIn('张三')).toBeNull();
    expect(referenceIn('510114199001011234')).toBeNull();
    expect(referenceIn('RG-0000-0000')).toBeNull();
    expect(referenceIn('RG-ABCD-EFG')).toBeNull();
  });
});
