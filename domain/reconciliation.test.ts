import { findAnomalies, monthsAfter, mustStop } from './reconciliation';

describe('reconciliation', () => {
  it('counts the monthly payments made after the month of the departure', () => {
    expect(monthsAfter('2026-03-15', '2026-03-31')).toBe(0);
    expect(monthsAfter('2026-03-15', '2026-11-28')).toBe(8);
    expect(monthsAfter('2025-12-31', '2026-01-01')).toBe(1);
  });

  it('follows the rules table: a move does not stop the employee pension, a death does', () => {
    expect(mustStop('MOVED_OUT', 'EMPLOYEE_PENSION')).toBe(false);
    expect(mustStop('DEATH', 'EMPLOYEE_PENSION')).toBe(true);
    expect(mustStop('MOVED_OUT', 'SUBSISTENCE_ALLOWANCE')).toBe(true);
    expect(mustStop('MOVED_OUT', 'FAMILY_PLANNING_ASSISTANCE')).toBe(false);
  });

  it('reports an active payment after a recorded death with the estimated overpayment', () => {
    const found = findAnomalies('X', [{ system: 'HEALTH_PLATFORM', event: 'DEATH', date: '2026-03-10' }], [{ benefit: 'SUBSISTENCE_ALLOWANCE', monthlyAmount: 780, since: '2020-01-01' }], '2026-11-28');
    expect(found).toEqual([
      { idNumber: 'X', evidence: { system: 'HEALTH_PLATFORM', event: 'DEATH', date: '2026-03-10' }, paidBy: 'SOCIAL_ASSISTANCE', benefit: 'SUBSISTENCE_ALLOWANCE', monthlyAmount: 780, monthsOverpaid: 8, estimatedOverpayment: 6240 },
    ]);
  });

  it('prefers a death over a move as the evidence, and ignores payments the departure does not stop', () => {
    const evidence = [
      { system: 'COMMUNITY_REGISTRY' as const, event: 'MOVED_OUT' as const, date: '2026-01-01' },
      { system: 'HEALTH_PLATFORM' as const, event: 'DEATH' as const, date: '2026-05-01' },
    ];
    const found = findAnomalies('X', evidence, [{ benefit: 'EMPLOYEE_PENSION', monthlyAmount: 3000, since: null }], '2026-06-30');
    expect(found.map((a) => [a.evidence.event, a.monthsOverpaid])).toEqual([['DEATH', 1]]);
    expect(findAnomalies('X', [evidence[0]], [{ benefit: 'EMPLOYEE_PENSION', monthlyAmount: 3000, since: null }], '2026-06-30')).toEqual([]);
  });
});
