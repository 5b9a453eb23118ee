/** Configuration and process entry for a department subgraph. */
import { z } from 'zod';
import { SYSTEMS, type SystemName } from '../../domain/systems';
import { httpUrl, loadConfig, millis, port } from '../config';
import { createLogger } from '../logger';
import { envPrefix, defaultUrl, service } from '../services';
import { exitOnStartupError, listen, stopOnSignals, type RunningServer } from './listen';
import { createSubgraphApp, type RequestContext, type SubgraphDefinition } from './subgraph';

export interface SubgraphConfig {
  port: number;
  host: string;
  production: boolean;
  /** Time budget of one call to a department system, retries included, in ms. */
  systemTimeoutMs: number;
  /** Base URL of each system this department wraps (`<SYSTEM>_URL`, e.g. SOCIAL_ASSISTANCE_URL). */
  systemUrls: Partial<Record<SystemName, string>>;
}

export function subgraphConfig(name: string, systems: readonly SystemName[], env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  const prefix = envPrefix(name);
  const urlKeys = systems.map((s) => [s, `${envPrefix(SYSTEMS[s].service)}_URL`] as const);
  const raw = loadConfig(
    name,
    z.object({
      [`${prefix}_PORT`]: port(service(name).port),
      HOST: z.string().min(1).default('127.0.0.1'),
      NODE_ENV: z.string().default('development'),
      SYSTEM_TIMEOUT_MS: millis(2000),
      ...Object.fromEntries(urlKeys.map(([s, key]) => [key, httpUrl(defaultUrl(SYSTEMS[s].service))])),
    }),
    env,
  ) as Record<string, unknown>;
  return Object.freeze({
    port: raw[`${prefix}_PORT`] as number,
    host: raw.HOST as string,
    production: raw.NODE_ENV === 'production',
    systemTimeoutMs: raw.SYSTEM_TIMEOUT_MS as number,
    systemUrls: Object.fromEntries(urlKeys.map(([s, key]) => [s, raw[key] as string])),
  });
}

/** Serves a subgraph on `port` (0 in tests) and returns the running server. */
export async function serveSubgraph<Ctx extends RequestContext>(def: SubgraphDefinition<Ctx>, port: number, host = '127.0.0.1', production = false): Promise<RunningServer> {
  const { app, apollo } = await createSubgraphApp(def, { production });
  const running = await listen(app, port, host);
  return {
    ...running,
    close: async () => {
      await running.close();
      await apollo.stop();
    },
  };
}

/** main.ts of a subgraph: `runSubgraph('hrss', ['SOCIAL_INSURANCE'], buildHrssSubgraph)`. */
export async function runSubgraph<Ctx extends RequestContext>(
  name: string,
  systems: readonly SystemName[],
  build: (config: SubgraphConfig) => SubgraphDefinition<Ctx>,
): Promise<void> {
  try {
    const config = subgraphConfig(name, systems);
    const running = await serveSubgraph(build(config), config.port, config.host, config.production);
    const logger = createLogger(name);
    logger.info('listening', { url: `${running.url}/graphql` });
    stopOnSignals(logger, () => running.close());
  } catch (err) {
    exitOnStartupError(name)(err);
  }
}
