import { PeriodInput, resolvePeriod, shanghaiToday } from './period';

const at = (iso: string) => new Date(iso);

describe('reporting periods in Asia/Shanghai', () => {
  it('takes the Shanghai date, not the UTC one, near midnight', () => {
    // 2026-12-31 17:30 UTC is already 2027-01-01 01:30 in Shanghai.
    expect(shanghaiToday(at('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
    expect(shanghaiToday(at('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
  });

  it.each([
    ['THIS_MONTH', '2026-11-28T04:00:00Z', '2026-11-01', '2026-11-30'],
    ['LAST_MONTH', '2026-11-28T04:00:00Z', '2026-10-01', '2026-10-31'],
    ['LAST_MONTH', '2027-01-05T04:00:00Z', '2026-12-01', '2026-12-31'],
    ['THIS_QUARTER', '2026-11-28T04:00:00Z', '2026-10-01', '2026-12-31'],
    ['LAST_QUARTER', '2026-11-28T04:00:00Z', '2026-07-01', '2026-09-30'],
    ['LAST_QUARTER', '2027-02-01T04:00:00Z', '2026-10-01', '2026-12-31'],
    ['THIS_QUARTER', '2026-09-30T16:30:00Z', '2026-10-01', '2026-12-31'], // already Oct 1 in Shanghai
    ['YEAR_TO_DATE', '2026-12-31T16:30:00Z', '2027-01-01', '2027-01-01'],
    ['THIS_MONTH', '2028-02-10T04:00:00Z', '2028-02-01', '2028-02-29'],
  ] as const)('%s at %s is %s..%s', (preset, now, from, to) => {
    expect(resolvePeriod(PeriodInput.parse({ preset }), at(now))).toEqual({ from, to });
  });

  it('accepts explicit dates and rejects a reversed range, a half range, both forms at once and impossible days', () => {
    expect(resolvePeriod(PeriodInput.parse({ from: '2026-01-01', to: '2026-03-31' }))).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    const rule = (input: unknown) => {
      const r = PeriodInput.safeParse(input);
      return r.success ? null : (r.error.issues[0] as { params?: { rule?: string } }).params?.rule;
    };
    expect(rule({ from: '2026-03-01', to: '2026-01-01' })).toBe('order');
    expect(rule({ from: '2026-03-01' })).toBe('required');
    expect(rule({ preset: 'THIS_MONTH', from: '2026-03-01', to: '2026-03-02' })).toBe('presetOrDates');
    expect(rule({ from: '2026-02-30', to: '2026-03-02' })).toBe('realDate');
  });
});
