/**
 * The bench's system: one set of stand-ins per latency profile, shared by every copy of the
 * subgraphs (so every copy reads the same records), and copies of the subgraphs with their own
 * settings and stores, each with the project's gateway in front and, in the main copy, the peers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEMS, type SystemName } from '../domain/systems';
import { compiledEntry, PROJECT_ROOT } from '../platform/paths';
import { envPrefix, SERVICES } from '../platform/services';
import type { StatsSnapshot } from '../systems/shared/stats';
import { freePort } from '../tests/support/childProcess';
import { PEER_ENTRIES, startProcess, type BenchProcess } from './processes';
import { latencyEnv, type ProfileName } from './profiles';

export const GATEWAYS = ['project', 'apollo', 'hive', 'hive-rust'] as const;
export type GatewayName = (typeof GATEWAYS)[number];

/** The product switches other parts of issue 11 add, each subgraph's setting, "on" values first. */
export const SWITCHES = { SYSTEM_CACHE: ['on', 'off'], SYSTEM_CALLS: ['pooled', 'plain'], AUDIT_LOG: ['on', 'off'] } as const;
export type SwitchName = keyof typeof SWITCHES;
export const ALL_ON: Record<SwitchName, string> = { SYSTEM_CACHE: 'on', SYSTEM_CALLS: 'pooled', AUDIT_LOG: 'on' };

export interface StandIns {
  dataDir: string;
  urls: Record<SystemName, string>;
  processes: BenchProcess[];
  stats(system: SystemName): Promise<StatsSnapshot>;
  close(): Promise<void>;
}

export async function startStandIns(outDir: string, profile: ProfileName): Promise<StandIns> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-systems-${profile}-`));
  const names = Object.keys(SYSTEMS) as SystemName[];
  const processes = await Promise.all(
    names.map((name) => {
      const service = SYSTEMS[name].service;
      return startProcess(outDir, { label: service, entry: `systems/${service}/main.ts`, portVariable: `${envPrefix(service)}_PORT`, healthPath: '/healthz', env: { DATA_DIR: dataDir, STANDIN_ADMIN: '1', ...latencyEnv(profile) } });
    }),
  );
  const urls = Object.fromEntries(names.map((n, i) => [n, processes[i].url])) as Record<SystemName, string>;
  return {
    dataDir,
    urls,
    processes,
    stats: async (system) => (await fetch(`${urls[system]}/__admin/stats`)).json() as Promise<StatsSnapshot>,
    async close() {
      await Promise.all(processes.map((p) => p.stop()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Copy {
  name: string;
  /** The subgraphs' DATA_DIR (audit log, intake store). */
  dataDir: string;
  /** The switches this copy's subgraphs were started with. */
  switches: Record<SwitchName, string>;
  gateways: Partial<Record<GatewayName, BenchProcess>>;
  processes: BenchProcess[];
  close(): Promise<void>;
}

/** Settings every gateway of the bench runs with: a rate limit far above the load, so the limiter runs but never refuses. */
const GATEWAY_ENV = { RATE_LIMIT_CAPACITY: '1000000', RATE_LIMIT_REFILL_PER_MINUTE: '1000000', RECONCILIATION_SUBGRAPH_TIMEOUT_MS: '120000' };
/** Subgraph settings of the bench: reconciliation reads every system whole, on a machine the load keeps busy. */
const SUBGRAPH_ENV = { SYSTEM_TIMEOUT_MS: '15000', INTAKE_WAIT_MS: '10000', RECONCILIATION_TIMEOUT_MS: '120000' };

export async function startCopy(outDir: string, standIns: StandIns, name: string, switches: Record<SwitchName, string>, withPeers: boolean): Promise<Copy> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-${name.replace(/\W+/g, '-')}-`));
  const gatewayPort = await freePort();
  const systemUrls = Object.fromEntries((Object.keys(SYSTEMS) as SystemName[]).map((s) => [`${envPrefix(SYSTEMS[s].service)}_URL`, standIns.urls[s]]));
  const env = { DATA_DIR: dataDir, ...SUBGRAPH_ENV, ...systemUrls, ...switches, GATEWAY_URL: `http://127.0.0.1:${gatewayPort}` };
  const subgraphs = await Promise.all(
    SERVICES.filter((s) => s.kind === 'subgraph').map((s) => startProcess(outDir, { label: `${s.name} (${name})`, entry: s.entry, portVariable: `${envPrefix(s.name)}_PORT`, healthPath: '/healthz', env })),
  );
  const subgraphUrls = Object.fromEntries(subgraphs.map((p, i) => [`${envPrefix(SERVICES.filter((s) => s.kind === 'subgraph')[i].name)}_URL`, p.url]));
  const gatewayEnv = { ...GATEWAY_ENV, ...subgraphUrls, SUPERGRAPH_FILE: join(PROJECT_ROOT, 'schema', 'supergraph.graphql') };
  const gateway = (label: string, entry: string, healthPath: string, args?: string[], port?: number) =>
    startProcess(outDir, { label: `${label} (${name})`, entry, args, portVariable: 'GATEWAY_PORT', port, healthPath, env: gatewayEnv, gateway: true });
  const gateways: Partial<Record<GatewayName, BenchProcess>> = { project: await gateway('gateway', 'gateway/main.ts', '/healthz', [], gatewayPort) };
  if (withPeers) {
    [gateways.apollo, gateways.hive, gateways['hive-rust']] = await Promise.all([
      gateway('apollo-gateway', PEER_ENTRIES.apollo, '/healthz'),
      gateway('hive-gateway', PEER_ENTRIES.hive, '/healthcheck'),
      gateway('hive-gateway-rust', PEER_ENTRIES.hive, '/healthcheck', ['--rust-planner']),
    ]);
  }
  const processes = [...subgraphs, ...Object.values(gateways)];
  return {
    name,
    dataDir,
    switches,
    gateways,
    processes,
    async close() {
      // Gateways first: nothing reaches a subgraph that is going away.
      await Promise.all(Object.values(gateways).map((g) => g.stop()));
      await Promise.all(subgraphs.map((s) => s.stop()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Which switches the built subgraphs read at all (a setting that does not exist yet is ignored, so its on/off figures are equal). */
export function honouredSwitches(outDir: string): Record<SwitchName, boolean> {
  const bundles = SERVICES.filter((s) => s.kind === 'subgraph').map((s) => readFileSync(compiledEntry(s.entry, outDir), 'utf8'));
  // A whole name only: AUDIT_LOG_MAX (reconciliation's page size) is not AUDIT_LOG.
  return Object.fromEntries((Object.keys(SWITCHES) as SwitchName[]).map((k) => [k, bundles.some((b) => new RegExp(`\\b${k}\\b`).test(b))])) as Record<SwitchName, boolean>;
}
