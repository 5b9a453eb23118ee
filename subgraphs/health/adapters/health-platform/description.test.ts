import { benefitOf, currentEpisode, MONTHLY_AMOUNT_EXTENSION, shanghaiDate, vitalStatusOf, type EpisodeOfCare, type Patient } from './description';

describe('reading FHIR as domain types', () => {
  it('reads a dateTime as the calendar day in Asia/Shanghai', () => {
    expect(shanghaiDate('2026-03-01')).toBe('2026-03-01');
    expect(shanghaiDate('2026-03-01T18:30:00Z')).toBe('2026-03-02');
    expect(shanghaiDate('2026-03-01T23:30:00+08:00')).toBe('2026-03-01');
    expect(shanghaiDate('2026-03')).toBeNull();
  });

  it('reads deceased[x]: a date, a bare true, or alive', () => {
    const base: Patient = { resourceType: 'Patient', id: 'p' };
    expect(vitalStatusOf({ ...base, deceasedDateTime: '2026-01-02' })).toEqual({ deceased: true, deathDate: '2026-01-02' });
    expect(vitalStatusOf({ ...base, deceasedBoolean: true })).toEqual({ deceased: true, deathDate: null });
    expect(vitalStatusOf({ ...base, deceasedBoolean: false })).toEqual({ deceased: false, deathDate: null });
    expect(vitalStatusOf(base)).toEqual({ deceased: false, deathDate: null });
  });

  const episode = (status: string, start: string, end?: string): EpisodeOfCare => ({
    resourceType: 'EpisodeOfCare',
    id: `e-${status}-${start}`,
    status,
    patient: { reference: 'Patient/p' },
    period: { start, ...(end ? { end } : {}) },
    extension: [{ url: MONTHLY_AMOUNT_EXTENSION, valueMoney: { value: 650 } }],
  });

  it('maps episode status and the amount extension to a Benefit', () => {
    expect(benefitOf(episode('active', '2010-01-01'))).toEqual({ status: 'ACTIVE', monthlyAmount: 650, since: '2010-01-01', stoppedOn: null });
    expect(benefitOf(episode('finished', '2010-01-01', '2020-05-06'))).toMatchObject({ status: 'STOPPED', stoppedOn: '2020-05-06' });
    expect(benefitOf(episode('onhold', '2010-01-01'))).toMatchObject({ status: 'SUSPENDED' });
    expect(benefitOf(episode('planned', '2030-01-01'))).toBeNull();
  });

  it('prefers an ongoing episode, else the latest', () => {
    const old = episode('finished', '2001-01-01', '2005-01-01');
    const later = episode('finished', '2010-01-01', '2012-01-01');
    const active = episode('active', '2003-01-01');
    expect(currentEpisode([old, active, later])).toBe(active);
    expect(currentEpisode([old, later])).toBe(later);
  });
});
