/**
 * Public security's own setting: the application the platform is registered as on the district's
 * data-sharing exchange (HOUSEHOLD_REGISTRATION_APP_KEY, HOUSEHOLD_REGISTRATION_APP_SECRET). The
 * defaults are the development exchange's public values, refused when NODE_ENV=production.
 */
import { z } from 'zod';
import { loadConfig } from '../../platform/config';
import type { ExchangeApp } from './adapters/household-registration';

/** The development stand-in's application (systems/household-registration accepts it by default). */
const DEVELOPMENT_APP: ExchangeApp = { key: 'resident-graph-dev', secret: 'development-exchange-secret-not-for-production' };

const ExchangeEnv = z
  .object({
    NODE_ENV: z.string().default('development'),
    HOUSEHOLD_REGISTRATION_APP_KEY: z.string().min(1).max(128).default(DEVELOPMENT_APP.key),
    HOUSEHOLD_REGISTRATION_APP_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEVELOPMENT_APP.secret),
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.HOUSEHOLD_REGISTRATION_APP_SECRET !== DEVELOPMENT_APP.secret, {
    message: 'HOUSEHOLD_REGISTRATION_APP_SECRET must be the secret the exchange issued to this platform in production, not the development value',
    path: ['HOUSEHOLD_REGISTRATION_APP_SECRET'],
  });

export function exchangeAppConfig(env: NodeJS.ProcessEnv = process.env): ExchangeApp {
  const raw = loadConfig('public-security', ExchangeEnv, env);
  return Object.freeze({ key: raw.HOUSEHOLD_REGISTRATION_APP_KEY, secret: raw.HOUSEHOLD_REGISTRATION_APP_SECRET });
}
