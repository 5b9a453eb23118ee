/** The household registration stand-in's own settings (besides port, data folder and latency). */
import { z } from 'zod';
import { loadConfig } from '../../platform/config';
import type { ExchangeOptions } from './routes';

/**
 * The application the platform is registered as on the development exchange. A public
 * development value: the subgraph refuses it in production (subgraphs/public-security/config.ts).
 */
export const DEVELOPMENT_APP = { key: 'resident-graph-dev', secret: 'development-exchange-secret-not-for-production' } as const;

/**
 * Reads HOUSEHOLD_REGISTRATION_APP_KEY / _APP_SECRET (the one application it accepts),
 * _SKEW_SECONDS (default 300) and _RATE_LIMIT_PER_SECOND (default 100, 0 = off).
 */
export function exchangeOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ExchangeOptions {
  const raw = loadConfig(
    'household-registration',
    z.object({
      HOUSEHOLD_REGISTRATION_APP_KEY: z.string().min(1).default(DEVELOPMENT_APP.key),
      HOUSEHOLD_REGISTRATION_APP_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEVELOPMENT_APP.secret),
      HOUSEHOLD_REGISTRATION_SKEW_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
      HOUSEHOLD_REGISTRATION_RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(0).max(100_000).default(100),
    }),
    env,
  );
  return {
    apps: { [raw.HOUSEHOLD_REGISTRATION_APP_KEY]: raw.HOUSEHOLD_REGISTRATION_APP_SECRET },
    skewSeconds: raw.HOUSEHOLD_REGISTRATION_SKEW_SECONDS,
    ratePerSecond: raw.HOUSEHOLD_REGISTRATION_RATE_LIMIT_PER_SECOND,
  };
}
