/** Serving a declared department: in its own process (`runDepartment`, each main.ts) or on port 0 in a test (`serveDepartment`). */
import type { SystemName } from '../../domain/systems';
import { tracingConfig } from '../config';
import { createLogger, type Logger } from '../logger';
import { setupTracing } from '../tracing/setup';
import { exitOnStartupError, stopOnSignals, type RunningServer } from '../server/listen';
import { serveSettings, serveSubgraph } from '../server/runSubgraph';
import { checkRedisPersistence } from '../stores/redisPersistence';
import { buildDepartment } from './build';
import { departmentConfig } from './config';
import type { Department, DepartmentConfig, DepartmentContext } from './types';

export interface ServeDepartmentOptions {
  /** @default the configured port (tests: 0) */
  port?: number;
  /** @default a logger named after the department */
  logger?: Logger;
}

/**
 * Serves `department` with `config` (built once by the caller) and returns the running server.
 * In Redis mode the server's persistence is checked first: production refuses a Redis that could
 * lose acknowledged intakes (platform/stores/redisPersistence.ts).
 */
export async function serveDepartment<S extends SystemName, A, L, Ctx extends DepartmentContext<A, L>>(
  department: Department<S, A, L, Ctx>,
  config: DepartmentConfig,
  options: ServeDepartmentOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(department.name);
  const { redisUrl } = config.intakeStore;
  if (redisUrl) await checkRedisPersistence(redisUrl, { production: config.production, logger });
  return serveSubgraph(buildDepartment(department, config, logger), options.port ?? config.port, { ...serveSettings(config), logger });
}

/** A department's main.ts: `void runDepartment(hrss)`. Config and logger are made once here; a bad config exits with its message. */
export async function runDepartment<S extends SystemName, A, L, Ctx extends DepartmentContext<A, L>>(department: Department<S, A, L, Ctx>): Promise<void> {
  try {
    const config = departmentConfig(department);
    const logger = createLogger(department.name);
    // Before serving: OTLP export only when OTEL_EXPORTER_OTLP_ENDPOINT is set (platform/tracing/setup.ts).
    const tracing = setupTracing(tracingConfig(department.name));
    const running = await serveDepartment(department, config, { logger });
    logger.info('listening', { url: `${running.url}/graphql` });
    stopOnSignals(logger, async () => {
      await running.close();
      await tracing.shutdown();
    });
  } catch (err) {
    exitOnStartupError(department.name)(err);
  }
}
