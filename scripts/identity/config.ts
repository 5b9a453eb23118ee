/**
 * The embedded identity provider's configuration (development and tests only): refused outright
 * when NODE_ENV=production, where the district's own provider signs people in.
 */
import { z } from 'zod';
import { loadConfig, port } from '../../platform/config';
import { service } from '../../platform/services';

export const IDENTITY_PORT_DEFAULT = 4010;

const origin = z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin);

const IdentityEnv = z
  .object({
    NODE_ENV: z.string().default('development'),
    IDENTITY_PORT: port(IDENTITY_PORT_DEFAULT),
    IDENTITY_HOST: z.string().min(1).default('127.0.0.1'),
    /** The issuer URL as browsers and the gateway reach it; default http://127.0.0.1:<IDENTITY_PORT>. */
    IDENTITY_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * The origins the pages are served from (the gateway's, comma-separated): each page there is a
     * redirect URI of the pages' client, and its token endpoint answers them across origins.
     */
    IDENTITY_PAGES_ORIGINS: z
      .string()
      .optional()
      .transform((v, ctx): string[] | undefined => {
        if (!v) return undefined;
        const parsed = v.split(',').map((e) => origin.safeParse(e.trim()));
        if (parsed.some((p) => !p.success)) {
          ctx.addIssue({ code: 'custom', message: 'must be http(s) origins, comma-separated (e.g. http://127.0.0.1:4000,http://localhost:4000)' });
          return z.NEVER;
        }
        return parsed.map((p) => p.data!);
      }),
    GATEWAY_PORT: port(service('gateway').port),
    /** The gateway's public URL (phones, QR links): its origin is one the pages are served from too. */
    PUBLIC_URL: origin.optional(),
    /** Lifetime of the pages' access tokens, in seconds (the page signs in again after it). */
    IDENTITY_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(24 * 3600).default(3600),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['NODE_ENV'],
        message: 'the embedded identity provider is for development and tests only; in production set OIDC_ISSUER_URL on the gateway to the district\'s own provider (docs/operations.md)',
      });
    }
  })
  .transform((env): IdentityConfig => {
    const pagesOrigins = env.IDENTITY_PAGES_ORIGINS ?? [`http://127.0.0.1:${env.GATEWAY_PORT}`, `http://localhost:${env.GATEWAY_PORT}`, ...(env.PUBLIC_URL ? [env.PUBLIC_URL] : [])];
    return {
      port: env.IDENTITY_PORT,
      host: env.IDENTITY_HOST,
      issuer: env.IDENTITY_ISSUER?.replace(/\/+$/, ''),
      pagesOrigins,
      accessTokenTtlSeconds: env.IDENTITY_ACCESS_TOKEN_TTL_SECONDS,
    };
  });

export interface IdentityConfig {
  port: number;
  host: string;
  /** undefined: http://<host>:<the port listened on> (port 0 in tests). */
  issuer?: string;
  pagesOrigins: readonly string[];
  accessTokenTtlSeconds: number;
}

export function identityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  return loadConfig('identity', IdentityEnv, env);
}
