/** Runs stand-ins as a process: config from the environment, listen, stop on signals. */
import { z } from 'zod';
import { SYSTEMS } from '../../domain/systems';
import { dataDir, loadConfig, millis, port } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { exitOnStartupError, listen, stopOnSignals, type RunningServer } from '../../platform/server/listen';
import { envPrefix, service } from '../../platform/services';
import { createStandIn, type StandIn, type StandInDefinition } from './standIn';

export interface StandInConfig {
  port: number;
  host: string;
  dataDir: string;
  baseLatencyMs: number;
}

export function standInConfig(def: StandInDefinition, env: NodeJS.ProcessEnv = process.env): StandInConfig {
  const name = SYSTEMS[def.system].service;
  const prefix = envPrefix(name);
  const raw = loadConfig(
    name,
    z.object({
      [`${prefix}_PORT`]: port(service(name).port),
      HOST: z.string().min(1).default('127.0.0.1'),
      DATA_DIR: dataDir(),
      [`${prefix}_LATENCY_MS`]: millis(def.defaultLatencyMs ?? 0),
    }),
    env,
  ) as Record<string, unknown>;
  return { port: raw[`${prefix}_PORT`] as number, host: raw.HOST as string, dataDir: raw.DATA_DIR as string, baseLatencyMs: raw[`${prefix}_LATENCY_MS`] as number };
}

/**
 * Runs stand-ins in this process, each on its own port with its own store (one in production,
 * all five under npm start), and stops them all on a signal.
 */
export async function runStandIns(defs: readonly StandInDefinition[]): Promise<void> {
  const names = defs.map((def) => SYSTEMS[def.system].service);
  const started: { standIn: StandIn; running: RunningServer }[] = [];
  try {
    for (const def of defs) {
      const config = standInConfig(def);
      const standIn = createStandIn(def, { dataDir: config.dataDir, baseLatencyMs: config.baseLatencyMs });
      const running = await listen(standIn.app, config.port, config.host);
      standIn.ctx.logger.info('listening', { url: running.url });
      started.push({ standIn, running });
    }
  } catch (err) {
    exitOnStartupError(names.join(', '))(err);
  }
  stopOnSignals(started.length === 1 ? started[0].standIn.ctx.logger : createLogger('stand-ins'), async () => {
    await Promise.all(started.map(({ running }) => running.close()));
    for (const { standIn } of started) standIn.close();
  });
}
