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
  /** The admin endpoints: on with STANDIN_ADMIN=1, except when NODE_ENV=production. */
  admin: boolean;
  /** STANDIN_ADMIN=1 was set but ignored because NODE_ENV=production (said at start). */
  adminRefusedInProduction: boolean;
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

/** Stand-ins listening in this process; `close` stops them all. */
export interface StartedStandIns {
  close(): Promise<void>;
}

/**
 * Starts stand-ins in this process, each on its own port with its own store, configured from
 * `env`. Throws (closing what had started) when one cannot start: the caller decides whether
 * that ends the process.
 */
export async function startStandIns(defs: readonly StandInDefinition[], env: NodeJS.ProcessEnv = process.env): Promise<StartedStandIns> {
  const started: { standIn: StandIn; running: RunningServer }[] = [];
  const close = async () => {
    await Promise.all(started.map(({ running }) => running.close()));
    for (const { standIn } of started) standIn.close();
  };
  try {
    for (const def of defs) {
      const config = standInConfig(def, env);
      const standIn = createStandIn(def, { dataDir: config.dataDir, baseLatencyMs: config.baseLatencyMs, admin: config.admin });
      if (config.adminRefusedInProduction) standIn.ctx.logger.warn('STANDIN_ADMIN=1 is ignored when NODE_ENV=production: the /__admin endpoints stay off');
      const running = await listen(standIn.app, config.port, config.host);
      standIn.ctx.logger.info('listening', { url: running.url, admin: config.admin ? '/__admin on (STANDIN_ADMIN=1)' : 'off' });
      started.push({ standIn, running });
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { close };
}

/**
 * Runs stand-ins as this process (one in production, all five in systems/main.ts): exits on a
 * start-up error, stops them all on a signal.
 */
export async function runStandIns(defs: readonly StandInDefinition[]): Promise<void> {
  const names = defs.map((def) => SYSTEMS[def.system].service);
  const started = await startStandIns(defs).catch(exitOnStartupError(names.join(', ')));
  stopOnSignals(createLogger(names.length === 1 ? names[0] : 'stand-ins'), () => started.close());
}
