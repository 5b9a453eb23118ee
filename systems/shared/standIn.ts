/**
 * What every stand-in shares: its own SQLite store seeded once from the synthetic population,
 * the admin endpoints of the contract (stats, faults) when switched on, fault injection in front
 * of the protocol routes, and an optional base latency (a slow legacy system).
 *
 * The admin endpoints let anyone who reaches the port take the system down or read its traffic,
 * so they are off unless asked for (STANDIN_ADMIN=1: `npm start` and the tests) and never on in
 * production (main.ts).
 *
 * A stand-in only declares its schema, its seed and its protocol routes.
 */
import express, { type Request, type Response, type Router } from 'express';
import { join } from 'node:path';
import type { SystemName } from '../../domain/systems';
import { SYSTEMS } from '../../domain/systems';
import { createLogger, type Logger } from '../../platform/logger';
import { groupCommit, type GroupCommit } from '../../platform/stores/groupCommit';
import { openSqlite, type SqliteDatabase } from '../../platform/stores/sqlite';
import { population, type Population } from '../seed/population';
import { FaultSettings, FaultState } from './faults';
import { RequestStats } from './stats';
import { standInMetrics } from './standInMetrics';
import { METRICS_CONTENT_TYPE } from '../../platform/metrics/registry';

export interface StandInContext {
  db: SqliteDatabase;
  /**
   * Every write a protocol route makes goes through here: durable before its promise resolves (so
   * before the system answers), but the writes of one burst share one fsync, off the event loop,
   * as a real system's database would, instead of one synchronous fsync each.
   */
  commit: GroupCommit;
  stats: RequestStats;
  faults: FaultState;
  logger: Logger;
}

export interface StandInDefinition {
  system: SystemName;
  /** DDL of the system's own tables (idempotent: CREATE TABLE IF NOT EXISTS). */
  schemaSql: string;
  /** Fills the tables from the population; runs once, in one transaction, on an empty store. */
  seed(db: SqliteDatabase, population: Population): void;
  /** The system's own protocol. Count each request with `ctx.stats.as(kind)`. */
  routes(router: Router, ctx: StandInContext): void;
  /** How the system reports an internal error in its own protocol (used by fault injection). */
  errorReply(res: Response): void;
  /** Body parsers the protocol needs. @default express.json() */
  bodyParsers?: express.RequestHandler[];
  /** Base latency when `<SYSTEM>_LATENCY_MS` is unset, in ms (a slower legacy system). @default 0 */
  defaultLatencyMs?: number;
}

export interface StandInOptions {
  dataDir: string;
  /** Latency added to every protocol request, in ms (a slower legacy system). @default 0 */
  baseLatencyMs?: number;
  /** Serve /__admin/stats and /__admin/faults; off, they answer 404 like any unknown path. @default false */
  admin?: boolean;
}

export interface StandIn {
  app: express.Express;
  ctx: StandInContext;
  close(): void;
}

const SEED_MARKER = 'CREATE TABLE IF NOT EXISTS stand_in_seed (seeded_at TEXT NOT NULL)';

export function createStandIn(def: StandInDefinition, options: StandInOptions): StandIn {
  const service = SYSTEMS[def.system].service;
  const file = join(options.dataDir, `${service}.sqlite`);
  const db = openSqlite(file);
  db.exec(def.schemaSql);
  db.exec(SEED_MARKER);
  const seeded = db.prepare('SELECT COUNT(*) AS n FROM stand_in_seed').get() as { n: number };
  if (seeded.n === 0) {
    db.transaction(() => {
      def.seed(db, population());
      db.prepare('INSERT INTO stand_in_seed (seeded_at) VALUES (?)').run(new Date().toISOString());
    })();
  }

  // After the seed: the group commit switches the connection to synchronous=NORMAL and syncs itself.
  const commit = groupCommit(db, file);
  const ctx: StandInContext = { db, commit, stats: new RequestStats(service), faults: new FaultState(), logger: createLogger(service) };
  const app = express();
  app.disable('x-powered-by');
  if (options.admin) app.use('/__admin', express.json(), adminRouter(ctx));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const metrics = standInMetrics(def.system, service);
  app.get('/metrics', async (_req, res) => {
    res.type(METRICS_CONTENT_TYPE).send(await metrics.registry.metrics());
  });

  const protocol = express.Router();
  protocol.use(metrics.count);
  protocol.use(ctx.faults.middleware(def.errorReply));
  if (options.baseLatencyMs) {
    const latency = options.baseLatencyMs;
    protocol.use((_req, _res, next) => setTimeout(next, latency));
  }
  for (const parser of def.bodyParsers ?? [express.json({ limit: '1mb' })]) protocol.use(parser);
  def.routes(protocol, ctx);
  app.use(protocol);
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found', message: 'No such endpoint on this system.' });
  });
  return {
    app,
    ctx,
    close: () => {
      // Writes still queued commit now, before the connection closes; their fsyncs use handles of their own.
      void ctx.commit.close();
      db.close();
    },
  };
}

function adminRouter(ctx: StandInContext): Router {
  const router = express.Router();
  router.get('/stats', (_req, res) => {
    res.json(ctx.stats.snapshot());
  });
  router.post('/stats/reset', (_req, res) => {
    ctx.stats.reset();
    res.json(ctx.stats.snapshot());
  });
  router.get('/faults', (_req, res) => {
    res.json(ctx.faults.settings);
  });
  router.post('/faults', (req, res) => {
    const parsed = FaultSettings.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'bad_fault', message: 'Expected {"mode": "none"|"down"|"slow"|"error"|"lose-reply", "latencyMs": N, "path": "optional text"}', issues: parsed.error.issues });
      return;
    }
    ctx.faults.settings = parsed.data;
    ctx.logger.info('fault injected', { mode: parsed.data.mode, latencyMs: parsed.data.latencyMs });
    res.json(ctx.faults.settings);
  });
  return router;
}
