import { makeIdNumber } from '../../domain/idNumber';
import { auditFilter } from './auditLog';

const ID = makeIdNumber('510114', '19800101', 1);

describe('auditLog arguments', () => {
  it('turns a period of Shanghai dates into the UTC instants of its first and last day', () => {
    expect(auditFilter({ period: { from: '2026-03-01', to: '2026-03-31' } })).toEqual({ limit: 100, from: '2026-02-28T16:00:00.000Z', to: '2026-03-31T15:59:59.999Z' });
    expect(auditFilter({ period: { preset: 'THIS_MONTH' } }, new Date('2026-05-10T02:00:00Z'))).toMatchObject({ from: '2026-04-30T16:00:00.000Z', to: '2026-05-31T15:59:59.999Z' });
  });

  it('passes resident, subject and size through', () => {
    expect(auditFilter({ residentIdNumber: ID, subject: 'dev-health', first: 5 })).toEqual({ limit: 5, residentId: ID, subject: 'dev-health' });
  });

  it('refuses a malformed ID number, a bad period or size with BAD_USER_INPUT naming the field', () => {
    const problem = (args: Parameters<typeof auditFilter>[0]) => {
      try {
        auditFilter(args);
      } catch (err) {
        return (err as { extensions: { code: string; fields: Array<{ path: unknown[] }> } }).extensions;
      }
      return null;
    };
    expect(problem({ residentIdNumber: ID.slice(0, 17) })).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: ['residentIdNumber'] }] });
    expect(problem({ period: { from: '2026-03-01' } })).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: ['period', 'to'] }] });
    expect(problem({ first: 5000 })).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: ['first'] }] });
  });
});
