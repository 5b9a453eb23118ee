/** The social insurance stand-in's own settings (besides port, data folder and latency). */
import { z } from 'zod';
import { loadConfig } from '../../platform/config';
import type { RateLimitOptions } from './rateLimit';

/** Rate limit defaults: 20 requests per second across all clients, bursts of 20. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { ratePerSecond: 20, burst: 20 };

/** Reads SOCIAL_INSURANCE_RATE_LIMIT_PER_SECOND (0 = off) and SOCIAL_INSURANCE_RATE_LIMIT_BURST. */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimitOptions {
  const raw = loadConfig(
    'social-insurance',
    z.object({
      SOCIAL_INSURANCE_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).max(100_000).default(DEFAULT_RATE_LIMIT.ratePerSecond),
      SOCIAL_INSURANCE_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_RATE_LIMIT.burst),
    }),
    env,
  );
  return { ratePerSecond: raw.SOCIAL_INSURANCE_RATE_LIMIT_PER_SECOND, burst: raw.SOCIAL_INSURANCE_RATE_LIMIT_BURST };
}
