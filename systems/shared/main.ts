/** Runs stand-ins as a process: config from the environment, listen, stop on signals. */
import { SYSTEMS } from '../../domain/systems';
import { createLogger } from '../../platform/logger';
import { exitOnStartupError, listen, stopOnSignals, type RunningServer } from '../../platform/server/listen';
import { standInConfig } from './config';
import { createStandIn, type StandIn, type StandInDefinition } from './standIn';

/** Stand-ins listening in this process; `close` stops them all. */
export interface StartedStandIns {
  close(): Promise<void>;
}

/**
 * Starts stand-ins in this process, each on its own port with its own store, configured from
 * `env` (unset: the process's environment, read by config.ts). Throws (closing what had started)
 * when one cannot start: the caller decides whether that ends the process.
 */
export async function startStandIns(defs: readonly StandInDefinition[], env?: NodeJS.ProcessEnv): Promise<StartedStandIns> {
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
