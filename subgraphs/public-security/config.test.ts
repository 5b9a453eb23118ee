import { exchangeAppConfig } from './config';

describe("public security's exchange application", () => {
  it('signs as the development application by default, outside production', () => {
    expect(exchangeAppConfig({})).toEqual({ key: 'resident-graph-dev', secret: expect.any(String) });
  });

  it('refuses the development secret in production, naming the variable and saying what to set', () => {
    expect(() => exchangeAppConfig({ NODE_ENV: 'production' })).toThrow(/HOUSEHOLD_REGISTRATION_APP_SECRET must be the secret the exchange issued/);
    expect(exchangeAppConfig({ NODE_ENV: 'production', HOUSEHOLD_REGISTRATION_APP_KEY: 'xindu-resident-graph', HOUSEHOLD_REGISTRATION_APP_SECRET: 'issued-by-the-exchange-0123' })).toEqual({
      key: 'xindu-resident-graph',
      secret: 'issued-by-the-exchange-0123',
    });
  });

  it('refuses a secret shorter than 16 characters', () => {
    expect(() => exchangeAppConfig({ HOUSEHOLD_REGISTRATION_APP_SECRET: 'short' })).toThrow(/HOUSEHOLD_REGISTRATION_APP_SECRET/);
  });
});
