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

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const logLevel = () => z.enum(LOG_LEVELS).default('info');

/** Where and how much a service logs: stderr at `level`, and every line at `file.level` or above appended to `file.path`. */
export interface LogSettings {
  level: LogLevel;
  file?: { path: string; level: LogLevel };
  /** stderr through pino-pretty (a dev dependency: development only). */
  pretty?: boolean;
}

const LoggingEnv = z
  .object({
    /** stderr's level. */
    LOG_LEVEL: logLevel(),
    /** Also append JSON lines to this file (the test run sends every line there for scripts/checkLogs.ts). */
    LOG_FILE: z.string().min(1).optional(),
    /** The file's level; unset: LOG_LEVEL. */
    LOG_FILE_LEVEL: z.enum(LOG_LEVELS).optional(),
    /** 1: readable stderr through pino-pretty (development; the package is a dev dependency). */
    LOG_PRETTY: z.enum(['0', '1']).optional(),
  })
  .transform(
    (env): LogSettings => ({
      level: env.LOG_LEVEL,
      ...(env.LOG_FILE ? { file: { path: env.LOG_FILE, level: env.LOG_FILE_LEVEL ?? env.LOG_LEVEL } } : {}),
      ...(env.LOG_PRETTY === '1' ? { pretty: true } : {}),
    }),
  );

/** LOG_LEVEL, LOG_FILE, LOG_FILE_LEVEL and LOG_PRETTY of `env`, validated. */
export function loggingConfig(env: NodeJS.ProcessEnv = process.env): LogSettings {
  return loadConfig('logging', LoggingEnv, env);
}

let processLogging: LogSettings | undefined;
/** This process's logging settings, parsed once: every logger the process creates without settings of its own uses them. */
export function processLoggingConfig(): LogSettings {
  return (processLogging ??= loggingConfig(process.env));
}

/** Where a service sends its traces: OTLP over HTTP when `otlpEndpoint` is set, nowhere otherwise. */
export interface TracingSettings {
  /** service.name on every span the process exports (OTEL_SERVICE_NAME, else the service's own name). */
  serviceName: string;
  /** The collector's base URL (OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://otel-collector:4318); spans go to <it>/v1/traces. Absent: nothing is exported. */
  otlpEndpoint?: string;
}

const TracingEnv = z.object({
  /** OTLP/HTTP base URL of a collector; unset: traces are not recorded nor sent (trace ids still reach the logs). */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'must be the http(s) base URL of an OTLP/HTTP collector, e.g. http://127.0.0.1:4318' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /** Overrides the service name spans carry (one collector, several deployments). */
  OTEL_SERVICE_NAME: z.string().trim().min(1).max(100).optional(),
});

/** OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME of `env`, validated, for the service `service`. */
export function tracingConfig(service: string, env: NodeJS.ProcessEnv = process.env): TracingSettings {
  const parsed = loadConfig('tracing', TracingEnv, env);
  return { serviceName: parsed.OTEL_SERVICE_NAME ?? service, ...(parsed.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: parsed.OTEL_EXPORTER_OTLP_ENDPOINT } : {}) };
}

/** How a subgraph reads its department's systems: through the system-record cache or not, over pooled connections or plain fetch. */
export interface SystemReadSettings {
  /** SYSTEM_CACHE: off reads every record from its system. */
  cache: { enabled: boolean; ttlMs: number; maxEntries: number; maxBytes: number };
  /** SYSTEM_CALLS: `pooled` (undici keep-alive pool per system) or `plain` (a fetch per call), so the benchmark can compare the two. */
  calls: 'pooled' | 'plain';
}

/** Most ms a cached record may be served: a write made outside the platform shows within this. */
export const SYSTEM_CACHE_MAX_TTL_MS = 300_000;

const SystemReadEnv = z
  .object({
    /** on (default) or off: the system-record cache. */
    SYSTEM_CACHE: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
    /** How long a record (or a "no such record") is served from the cache, in ms. */
    SYSTEM_CACHE_TTL_MS: z.coerce
      .number()
      .int()
      .min(1, 'must be at least 1 ms (turn the cache off with SYSTEM_CACHE=off)')
      .max(SYSTEM_CACHE_MAX_TTL_MS, `must be at most ${SYSTEM_CACHE_MAX_TTL_MS} ms (5 minutes): a change made outside the platform must show within that`)
      .default(30_000),
    /** Records kept in memory per subgraph (least recently used dropped first); Redis mode keeps them in Redis instead. */
    SYSTEM_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).max(10_000_000).default(50_000),
    /**
     * MB of records kept in memory per subgraph: the services' heaps are capped (scripts/nodeFlags.ts), so the cache's share is set in bytes.
     * 32 MB holds the default 50000 benefit records of a few hundred bytes each.
     */
    SYSTEM_CACHE_MAX_MB: z.coerce
      .number()
      .int('must be a whole number of MB')
      .min(1, 'must be at least 1 MB (turn the cache off with SYSTEM_CACHE=off)')
      .max(64, 'must be at most 64 MB: every subgraph process has a 256 MB heap (scripts/nodeFlags.ts)')
      .default(32),
    SYSTEM_CALLS: z.enum(['pooled', 'plain'], { error: 'must be pooled or plain' }).default('pooled'),
  })
  .transform(
    (env): SystemReadSettings => ({
      cache: { enabled: env.SYSTEM_CACHE === 'on', ttlMs: env.SYSTEM_CACHE_TTL_MS, maxEntries: env.SYSTEM_CACHE_MAX_ENTRIES, maxBytes: env.SYSTEM_CACHE_MAX_MB * 2 ** 20 },
      calls: env.SYSTEM_CALLS,
    }),
  );

/** SYSTEM_CACHE, SYSTEM_CACHE_TTL_MS, SYSTEM_CACHE_MAX_ENTRIES, SYSTEM_CACHE_MAX_MB and SYSTEM_CALLS of `env`, validated. */
export function systemReadConfig(env: NodeJS.ProcessEnv = process.env): SystemReadSettings {
  return loadConfig('system reads', SystemReadEnv, env);
}
