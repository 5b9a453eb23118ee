/** The clients the platform makes for a department's systems: a system's concurrency comes from the config where set, else from the department's tuning. */
import { departmentConfig } from '.';
import { systemClients } from './clients';

const civilAffairs = { name: 'civil-affairs', systems: { SOCIAL_ASSISTANCE: {}, ELDERLY_DISABILITY_SUBSIDY: { maxInFlight: 8 } } };

describe('systemClients', () => {
  it('holds a system at the concurrency its department declares, unbounded where it declares none', () => {
    const clients = systemClients(civilAffairs, departmentConfig(civilAffairs, {}));
    expect(clients.ELDERLY_DISABILITY_SUBSIDY.maxInFlight).toBe(8);
    expect(clients.SOCIAL_ASSISTANCE.maxInFlight).toBeUndefined();
  });

  it('lets <SYSTEM>_CONCURRENCY override the department’s tuning', () => {
    const clients = systemClients(civilAffairs, departmentConfig(civilAffairs, { ELDERLY_DISABILITY_SUBSIDY_CONCURRENCY: '2', SOCIAL_ASSISTANCE_CONCURRENCY: '16' }));
    expect(clients.ELDERLY_DISABILITY_SUBSIDY.maxInFlight).toBe(2);
    expect(clients.SOCIAL_ASSISTANCE.maxInFlight).toBe(16);
  });
});
