/**
 * Configuration validated once: each service declares a zod schema over the environment,
 * parses it at start-up, and gets a frozen, typed object. Bad values stop the process with a
 * readable message naming the variable and the rule.
 */
import { z } from 'zod';

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIGURATION';
  constructor(service: string, details: string) {
    super(`Invalid configuration for ${service}; fix these environment variables:\n${details}`);
  }
}

export function loadConfig<S extends z.ZodType>(service: string, schema: S, env: NodeJS.ProcessEnv = process.env): Readonly<z.output<S>> {
  const result = schema.safeParse(env);
  if (!result.success) throw new ConfigError(service, z.prettifyError(result.error));
  return Object.freeze(result.data);
}

/** A TCP port from the environment (0 lets the OS choose: tests). */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
/** A duration in milliseconds from the environment. */
export const millis = (fallback: number) => z.coerce.number().int().min(0).max(600_000).default(fallback);
/** An http(s) URL from the environment, without a trailing slash. */
export const httpUrl = (fallback: string) =>
  z.url({ protocol: /^https?$/ }).default(fallback).transform((u) => u.replace(/\/+$/, ''));
/** The data folder (git-ignored) for SQLite files. */
export const dataDir = () => z.string().min(1).default('data');
export const logLevel = () => z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info');
