/** Configuration and serving of a subgraph (a department's process entry is platform/department/serve.ts). */
import { z } from 'zod';
import { SYSTEMS, type SystemName } from '../../domain/systems';
import { dataDir, httpUrl, loadConfig, millis, port } from '../config';
import { createLogger, type Logger } from '../logger';
import { DEVELOPMENT_GATEWAY_SECRET, gatewaySecretSetting, ownGatewaySecretInProduction, previousSecretsSetting } from '../auth/secrets';
import { envPrefix, defaultUrl, service } from '../services';
import { listen, type RunningServer } from './listen';
import { createReplayGuard } from '../auth/replayGuard';
import { createSubgraphApp, type RequestContext, type SubgraphDefinition } from './subgraph';

export interface SubgraphConfig {
  port: number;
  host: string;
  production: boolean;
  /** Time budget of one call to a department system, retries included, in ms. */
  systemTimeoutMs: number;
  /** Base URL of each system this department wraps (`<SYSTEM>_URL`, e.g. SOCIAL_ASSISTANCE_URL). */
  systemUrls: Partial<Record<SystemName, string>>;
  /** `<SYSTEM>_CONCURRENCY`: most one-record calls to that system at once for one request, over the department's declared tuning (platform/http/client.ts `concurrency`). */
  systemConcurrency?: Partial<Record<SystemName, number>>;
  /** Where intakes and deliveries are kept: Redis when REDIS_URL is set, else SQLite under DATA_DIR. */
  intakeStore: { redisUrl?: string; redisPrefix?: string; dataDir: string };
  /** How this process's delivery worker retries (see platform/delivery/worker.ts). */
  delivery: { maxAttempts: number; backoffBaseMs: number; backoffMaxMs: number; leaseMs: number; pollIntervalMs: number; concurrency: number };
  /** How long reportPopulationChange waits for its deliveries before answering, in ms. */
  intakeWaitMs: number;
  /** While it waits, how often it reads the intake if no wake-up came (the fallback), in ms. */
  intakePollMs: number;
  /** How long a delivery may stay PENDING before it is listed as needing attention, in ms. */
  deliveryOverdueMs: number;
  /** The secret the gateway's proofs are checked with and join keys sealed with (GATEWAY_SUBGRAPH_SECRET). */
  gatewaySecret: string;
  /** GATEWAY_SUBGRAPH_PREVIOUS_SECRETS: during a rotation, proofs and join keys made with these are accepted too (nothing is signed or sealed with them). */
  gatewayPreviousSecrets: readonly string[];
}

const REDIS_PREFIX = z.string().regex(/^[A-Za-z0-9:{}_-]{1,64}$/, 'must be 1-64 letters, digits or : { } _ -');

/** What every subgraph process reads, whatever its department. */
const SubgraphEnv = z
  .object({
    HOST: z.string().min(1).default('127.0.0.1'),
    NODE_ENV: z.string().default('development'),
    SYSTEM_TIMEOUT_MS: millis(2000),
    DATA_DIR: dataDir(),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    REDIS_PREFIX: REDIS_PREFIX.optional(),
    DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100_000).default(8),
    DELIVERY_BACKOFF_MS: millis(1000),
    DELIVERY_BACKOFF_MAX_MS: millis(60_000),
    DELIVERY_LEASE_MS: millis(5000),
    DELIVERY_POLL_MS: millis(5000),
    // Deliveries of one system in progress at once per process (its lane); a resident's stay one at a time.
    DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(10),
    INTAKE_WAIT_MS: millis(3000),
    INTAKE_POLL_MS: millis(1000),
    DELIVERY_OVERDUE_MS: millis(15 * 60_000),
    GATEWAY_SUBGRAPH_SECRET: gatewaySecretSetting(),
    GATEWAY_SUBGRAPH_PREVIOUS_SECRETS: previousSecretsSetting(),
  })
  .superRefine(ownGatewaySecretInProduction)
  .transform((env) => ({
    host: env.HOST,
    production: env.NODE_ENV === 'production',
    systemTimeoutMs: env.SYSTEM_TIMEOUT_MS,
    intakeStore: { redisUrl: env.REDIS_URL, redisPrefix: env.REDIS_PREFIX, dataDir: env.DATA_DIR },
    delivery: {
      maxAttempts: env.DELIVERY_MAX_ATTEMPTS,
      backoffBaseMs: env.DELIVERY_BACKOFF_MS,
      backoffMaxMs: env.DELIVERY_BACKOFF_MAX_MS,
      leaseMs: env.DELIVERY_LEASE_MS,
      pollIntervalMs: env.DELIVERY_POLL_MS,
      concurrency: env.DELIVERY_CONCURRENCY,
    },
    intakeWaitMs: env.INTAKE_WAIT_MS,
    intakePollMs: env.INTAKE_POLL_MS,
    deliveryOverdueMs: env.DELIVERY_OVERDUE_MS,
    gatewaySecret: env.GATEWAY_SUBGRAPH_SECRET,
    gatewayPreviousSecrets: env.GATEWAY_SUBGRAPH_PREVIOUS_SECRETS,
  }));

/** What one subgraph reads under its own names: `<NAME>_PORT` and `<SYSTEM>_URL` of each system it wraps. */
function ownEnv(name: string, systems: readonly SystemName[]) {
  const portKey = `${envPrefix(name)}_PORT`;
  const urlKeys = systems.map((system) => ({ system, key: `${envPrefix(SYSTEMS[system].service)}_URL` }));
  const ports = z.object({ [portKey]: port(service(name).port) }).transform((env) => ({ port: env[portKey] }));
  const urls = z
    .object(Object.fromEntries(urlKeys.map(({ system, key }) => [key, httpUrl(defaultUrl(SYSTEMS[system].service))])))
    .transform((env) => ({ systemUrls: Object.fromEntries(urlKeys.map(({ system, key }) => [system, env[key]])) }));
  const concurrencyKeys = systems.map((system) => ({ system, key: `${envPrefix(SYSTEMS[system].service)}_CONCURRENCY` }));
  const concurrency = z
    .object(Object.fromEntries(concurrencyKeys.map(({ key }) => [key, z.coerce.number().int().min(1).max(64).optional()])))
    .transform((env) => ({ systemConcurrency: Object.fromEntries(concurrencyKeys.filter(({ key }) => env[key] !== undefined).map(({ system, key }) => [system, env[key]])) }));
  // An intersection reports the problems of every part at once.
  return z.intersection(z.intersection(ports, urls), concurrency);
}

/** The settings of a department subgraph from `env` (@default the process's environment, read by platform/config.ts `loadConfig`), once at start-up. */
export function subgraphConfig(name: string, systems: readonly SystemName[], env?: NodeJS.ProcessEnv): SubgraphConfig {
  return loadConfig(name, z.intersection(SubgraphEnv, ownEnv(name, systems)), env);
}

export interface ServeSettings {
  /** @default 127.0.0.1 */
  host?: string;
  /** @default false */
  production?: boolean;
  /** @default the development secret (refused in production) */
  gatewaySecret?: string;
  /** Secrets still accepted during a rotation (GATEWAY_SUBGRAPH_PREVIOUS_SECRETS). @default none */
  gatewayPreviousSecrets?: readonly string[];
  /** Used gateway proofs are remembered in Redis when `redisUrl` is set (replicas share them), else in memory. */
  replay?: { redisUrl?: string; redisPrefix?: string };
  /** @default a logger named after the subgraph */
  logger?: Logger;
}

/** How a configured subgraph process is served. */
export const serveSettings = (config: SubgraphConfig): ServeSettings => ({
  host: config.host,
  production: config.production,
  gatewaySecret: config.gatewaySecret,
  gatewayPreviousSecrets: config.gatewayPreviousSecrets,
  replay: config.intakeStore,
});

/**
 * Serves a subgraph on `port` (0 in tests) and returns the running server. It answers requests
 * proven with the gateway secret only, each proof once.
 */
export async function serveSubgraph<Ctx extends RequestContext>(def: SubgraphDefinition<Ctx>, port: number, settings: ServeSettings = {}): Promise<RunningServer> {
  const { production = false, gatewaySecret = DEVELOPMENT_GATEWAY_SECRET, gatewayPreviousSecrets = [] } = settings;
  const logger = settings.logger ?? createLogger(def.name);
  let warnedAt = 0;
  const replayGuard = createReplayGuard({
    ...settings.replay,
    // Once in 10 s at most: during an outage every request would say it again.
    onSharedUnavailable: (err) => {
      if (Date.now() - warnedAt < 10_000) return;
      warnedAt = Date.now();
      logger.warn("used gateway proofs cannot be shared through Redis; this replica checks its own memory only", { error: err.message });
    },
  });
  const { app, stop } = await createSubgraphApp(def, { production, gatewaySecret, gatewayPreviousSecrets, replayGuard, logger });
  const running = await listen(app, port, settings.host ?? '127.0.0.1');
  for (const task of def.background ?? []) task.start();
  return {
    ...running,
    close: async () => {
      await Promise.all((def.background ?? []).map((task) => task.stop()));
      await running.close();
      await stop();
      await def.close?.();
    },
  };
}
