/** A department's config: every subgraph's settings plus its own port and its systems' URLs, each bad variable named at once. */
import { ConfigError } from '../config';
import { departmentConfig } from '.';

const civilAffairs = { name: 'civil-affairs', systems: { SOCIAL_ASSISTANCE: {}, ELDERLY_DISABILITY_SUBSIDY: {} } };

describe('departmentConfig', () => {
  it('gives the department its port and the URL of each system it declares, defaults for the rest', () => {
    const config = departmentConfig(civilAffairs, { CIVIL_AFFAIRS_PORT: '0', SOCIAL_ASSISTANCE_URL: 'http://10.0.0.7:8080/', DELIVERY_MAX_ATTEMPTS: '3' });
    expect(config).toMatchObject({
      port: 0,
      systemUrls: { SOCIAL_ASSISTANCE: 'http://10.0.0.7:8080', ELDERLY_DISABILITY_SUBSIDY: 'http://127.0.0.1:4103' },
      delivery: { maxAttempts: 3, leaseMs: 5000 },
      intakeStore: { dataDir: 'data' },
      production: false,
    });
    expect(Object.keys(config.systemUrls)).toEqual(['SOCIAL_ASSISTANCE', 'ELDERLY_DISABILITY_SUBSIDY']);
  });

  it('names every bad variable in one error, its own and every subgraph’s', () => {
    const load = () => departmentConfig(civilAffairs, { CIVIL_AFFAIRS_PORT: 'eighty', ELDERLY_DISABILITY_SUBSIDY_URL: 'ftp://soap', INTAKE_WAIT_MS: '-5' });
    expect(load).toThrow(ConfigError);
    const message = (() => {
      try {
        load();
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    for (const variable of ['CIVIL_AFFAIRS_PORT', 'ELDERLY_DISABILITY_SUBSIDY_URL', 'INTAKE_WAIT_MS']) expect(message).toContain(`→ at ${variable}`);
  });
});
