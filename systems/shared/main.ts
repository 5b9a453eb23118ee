/** Runs one stand-in as its own process: config from the environment, listen, stop on signals. */
import { z } from 'zod';
import { SYSTEMS } from '../../domain/systems';
import { dataDir, loadConfig, millis, port } from '../../platform/config';
import { listen, stopOnSignals, exitOnStartupError } from '../../platform/server/listen';
import { envPrefix, service } from '../../platform/services';
import { createStandIn, type StandInDefinition } from './standIn';

export interface StandInConfig {
  port: number;
  host: string;
  dataDir: string;
  baseLatencyMs: number;
}

export function standInConfig(def: StandInDefinition, env: NodeJS.ProcessEnv = process.env, defaultLatencyMs = 0): StandInConfig {
  const name = SYSTEMS[def.system].service;
  const prefix = envPrefix(name);
  const raw = loadConfig(
    name,
    z.object({
      [`${prefix}_PORT`]: port(service(name).port),
      HOST: z.string().min(1).default('127.0.0.1'),
      DATA_DIR: dataDir(),
      [`${prefix}_LATENCY_MS`]: millis(defaultLatencyMs),
    }),
    env,
  ) as Record<string, unknown>;
  return { port: raw[`${prefix}_PORT`] as number, host: raw.HOST as string, dataDir: raw.DATA_DIR as string, baseLatencyMs: raw[`${prefix}_LATENCY_MS`] as number };
}

export async function runStandIn(def: StandInDefinition, defaultLatencyMs = 0): Promise<void> {
  const name = SYSTEMS[def.system].service;
  try {
    const config = standInConfig(def, process.env, defaultLatencyMs);
    const standIn = createStandIn(def, { dataDir: config.dataDir, baseLatencyMs: config.baseLatencyMs });
    const running = await listen(standIn.app, config.port, config.host);
    standIn.ctx.logger.info('listening', { url: running.url });
    stopOnSignals(standIn.ctx.logger, async () => {
      await running.close();
      standIn.close();
    });
  } catch (err) {
    exitOnStartupError(name)(err);
  }
}
