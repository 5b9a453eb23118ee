/**
 * A stand-in's configuration: one zod schema over the environment whose transform builds the
 * typed StandInConfig (no casts), parsed once when the stand-in starts.
 */
import { z } from 'zod';
import { SYSTEMS } from '../../domain/systems';
import { dataDir, loadConfig, millis, port } from '../../platform/config';
import { envPrefix, service } from '../../platform/services';
import type { StandInDefinition } from './standIn';

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

const SharedEnv = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: dataDir(),
  /** 1 serves /__admin (stats, faults): for npm start and tests, never production. */
  STANDIN_ADMIN: z.enum(['0', '1', ''], { message: 'must be 1 (admin endpoints on) or 0 (off)' }).default('0'),
  NODE_ENV: z.string().default('development'),
});

/** `<SYSTEM>_PORT` and `<SYSTEM>_LATENCY_MS`, named after the stand-in's service. */
function ownEnv(def: StandInDefinition, prefix: string) {
  const PORT = `${prefix}_PORT`;
  const LATENCY = `${prefix}_LATENCY_MS`;
  return z
    .object({ [PORT]: port(service(SYSTEMS[def.system].service).port), [LATENCY]: millis(def.defaultLatencyMs ?? 0) })
    .transform((env) => ({ port: env[PORT], baseLatencyMs: env[LATENCY] }));
}

export function standInConfig(def: StandInDefinition, env: NodeJS.ProcessEnv = process.env): StandInConfig {
  const name = SYSTEMS[def.system].service;
  const schema = SharedEnv.and(ownEnv(def, envPrefix(name))).transform((env): StandInConfig => {
    const asked = env.STANDIN_ADMIN === '1';
    const production = env.NODE_ENV === 'production';
    return { port: env.port, host: env.HOST, dataDir: env.DATA_DIR, baseLatencyMs: env.baseLatencyMs, admin: asked && !production, adminRefusedInProduction: asked && production };
  });
  return loadConfig(name, schema, env);
}
