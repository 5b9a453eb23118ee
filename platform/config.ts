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
  return Object.freeze(result.data) as Readonly<z.output<S>>;
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

// An empty variable (LOG_LEVEL= in a shell) means "not set", as it did before levels were validated.
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);

const LogEnv = z.object({
  LOG_LEVEL: unsetWhenEmpty(logLevel()),
  /** Also append every line to this file (the test run's logs, checked for personal data). */
  LOG_FILE: unsetWhenEmpty(z.string().min(1).optional()),
  /** The file's own level. @default LOG_LEVEL */
  LOG_FILE_LEVEL: unsetWhenEmpty(z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional()),
});

export interface LogSettings {
  level: z.output<typeof LogEnv>['LOG_LEVEL'];
  file: { path: string; level: z.output<typeof LogEnv>['LOG_LEVEL'] } | null;
}

/** Where and at what level the logger writes (LOG_LEVEL, LOG_FILE, LOG_FILE_LEVEL). */
export function logSettings(env: NodeJS.ProcessEnv = process.env): LogSettings {
  const raw = loadConfig('logging', LogEnv, env);
  return { level: raw.LOG_LEVEL, file: raw.LOG_FILE ? { path: raw.LOG_FILE, level: raw.LOG_FILE_LEVEL ?? raw.LOG_LEVEL } : null };
}
