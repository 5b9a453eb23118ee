/**
 * The two-replica topology as `npm start -- --replicas 2` runs it, on free ports: the stand-ins
 * in this process, a private Redis (AOF always) the test may kill, every gateway and subgraph
 * replica a real process from the build output (so SIGKILL is real) under the same supervisor,
 * and the same load balancer in front of each service. Always `await close()` in afterAll.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEMS, type SystemName } from '../../domain/systems';
import { DEVELOPMENT_JWT_SECRET, mintToken } from '../../platform/auth/tokens';
import { startBalancer, type RunningBalancer } from '../../platform/loadBalancer/balancer';
import { compiledEntry, PROJECT_ROOT } from '../../platform/paths';
import { envPrefix, type ServiceEntry } from '../../platform/services';
import type { FaultSettings } from '../../systems/shared/faults';
import { ALL_STAND_INS } from '../../systems/all';
import { buildServer } from '../../scripts/build';
import { Supervisor } from '../../scripts/replicas/supervisor';
import { REPLICATED, replicaPlan, replicaSpecs, replicaUrl, type ReplicatedService } from '../../scripts/replicas/topology';
import { freePort } from './childProcess';
import { startPrivateRedis, type PrivateRedis } from './privateRedis';
import { TEST_PURPOSE, type GraphQLResponse } from './stack';
import { startStandIn, type StartedStandIn } from './standIns';

export interface ReplicatedStack {
  gatewayUrl: string;
  redis: PrivateRedis;
  supervisor: Supervisor;
  plan: readonly ReplicatedService[];
  systems: Record<SystemName, StartedStandIn>;
  /** POST to the gateway's balancer; never throws on an HTTP error (the answer is what the test judges). */
  post(body: unknown, token: string, timeoutMs?: number): Promise<{ status: number; body: GraphQLResponse }>;
  token(role: 'community' | 'supervision', community?: string): Promise<string>;
  fault(system: SystemName, settings: Partial<FaultSettings> & { mode: FaultSettings['mode'] }): Promise<void>;
  /** Waits until every replica answers /healthz (after a restart). */
  allHealthy(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function answersHealthz(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

export async function startReplicatedStack(options: { replicas?: number; env?: NodeJS.ProcessEnv } = {}): Promise<ReplicatedStack> {
  const replicas = options.replicas ?? 2;
  const outDir = join(PROJECT_ROOT, 'dist', `test-replicas-${process.pid}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'resident-graph-replicas-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dataDir, { recursive: true, force: true }), () => rmSync(outDir, { recursive: true, force: true })];
  const close = async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  };
  try {
    await buildServer({ outDir });
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.close());
    const systems = {} as Record<SystemName, StartedStandIn>;
    for (const def of ALL_STAND_INS) {
      const standIn = await startStandIn(def, { dataDir });
      systems[def.system] = standIn;
      cleanups.push(() => standIn.close());
    }

    const ports = new Map<string, number[]>();
    for (const entry of REPLICATED) ports.set(entry.name, await Promise.all(Array.from({ length: replicas + 1 }, freePort)));
    const plan = replicaPlan(
      replicas,
      (entry: ServiceEntry) => ports.get(entry.name)![0],
      (entry, index) => ports.get(entry.name)![index],
    );
    // The runner's own REDIS_URL (CI sets one) must not reach the replicas: they use the private server.
    const inherited = { ...process.env };
    delete inherited.REDIS_URL;
    delete inherited.REDIS_PREFIX;
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      ...Object.fromEntries((Object.keys(systems) as SystemName[]).map((s) => [`${envPrefix(SYSTEMS[s].service)}_URL`, systems[s].url])),
      ...options.env,
    };
    const supervisor = new Supervisor({ restartDelayMs: 300, maxRestartDelayMs: 2000 });
    cleanups.push(() => supervisor.stop());
    for (const spec of replicaSpecs(plan, env, (entry) => ['--enable-source-maps', compiledEntry(entry.entry, outDir)], PROJECT_ROOT, 'ignore')) supervisor.start(spec);
    const balancers: RunningBalancer[] = [];
    for (const s of plan) {
      const balancer = await startBalancer({ service: s.entry.name, upstreams: s.replicaPorts.map(replicaUrl), healthIntervalMs: 250 }, s.publicPort);
      balancers.push(balancer);
      cleanups.push(() => balancer.close());
    }
    const allHealthy = async (timeoutMs = 120_000) => {
      const deadline = Date.now() + timeoutMs;
      const urls = plan.flatMap((s) => s.replicaPorts.map(replicaUrl));
      for (;;) {
        const down = (await Promise.all(urls.map(async (u) => ((await answersHealthz(u)) ? undefined : u)))).filter(Boolean);
        if (down.length === 0) break;
        if (Date.now() > deadline) throw new Error(`replicas not healthy within ${timeoutMs} ms: ${down.join(', ')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      await Promise.all(balancers.map((b) => b.probe()));
    };
    await allHealthy();
    const gatewayUrl = replicaUrl(plan.find((s) => s.entry.kind === 'gateway')!.publicPort);
    return {
      gatewayUrl,
      redis,
      supervisor,
      plan,
      systems,
      async post(body, token, timeoutMs = 60_000) {
        const res = await fetch(`${gatewayUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': TEST_PURPOSE },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await res.text();
        let parsed: GraphQLResponse;
        try {
          parsed = { status: res.status, ...(JSON.parse(text) as object) };
        } catch {
          parsed = { status: res.status, errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
        }
        return { status: res.status, body: parsed };
      },
      token: (role, community) => mintToken(DEVELOPMENT_JWT_SECRET, { role, community }),
      async fault(system, settings) {
        await fetch(`${systems[system].url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) });
      },
      allHealthy,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
