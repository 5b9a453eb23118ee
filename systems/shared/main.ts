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
  /** The admin endpoints: on with STANDIN_ADMIN=1, except when NODE_ENV=production. */
  admin: boolean;
  /** STANDIN_ADMIN=1 was set but ignored because NODE_ENV=production (said at start). */
  adminRefusedInProduction: boolean;
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
      /** 1 serves /__admin (stats, faults): for npm start and tests, never production. */
      STANDIN_ADMIN: z.enum(['0', '1', ''], { message: 'must be 1 (admin endpoints on) or 0 (off)' }).default('0'),
      NODE_ENV: z.string().default('development'),
    }),
    env,
  ) as Record<string, unknown>;
  const asked = raw.STANDIN_ADMIN === '1';
  const production = raw.NODE_ENV === 'production';
  return {
    port: raw[`${prefix}_PORT`] as number,
    host: raw.HOST as string,
    dataDir: raw.DATA_DIR as string,
    baseLatencyMs: raw[`${prefix}_LATENCY_MS`] as number,
    admin: asked && !production,
    adminRefusedInProduction: asked && production,
  };
}

export async function runStandIn(def: StandInDefinition, defaultLatencyMs = 0): Promise<void> {
  const name = SYSTEMS[def.system].service;
  try {
    const config = standInConfig(def, process.env, defaultLatencyMs);
    const standIn = createStandIn(def, { dataDir: config.dataDir, baseLatencyMs: config.baseLatencyMs, admin: config.admin });
    if (config.adminRefusedInProduction) standIn.ctx.logger.warn('STANDIN_ADMIN=1 is ignored when NODE_ENV=production: the /__admin endpoints stay off');
    const running = await listen(standIn.app, config.port, config.host);
    standIn.ctx.logger.info('listening', { url: running.url, admin: config.admin ? '/__admin on (STANDIN_ADMIN=1)' : 'off' });
    stopOnSignals(standIn.ctx.logger, async () => {
      await running.close();
      standIn.close();
    });
  } catch (err) {
    exitOnStartupError(name)(err);
  }
}
