/**
 * `npm start -- --replicas N`: the stand-ins in this process (as npm start always runs them),
 * N replicas of the gateway and of each department subgraph, each its own process on its own
 * port (topology.ts), and a load balancer on each service's public port in this process. A
 * replica that dies is restarted (supervisor.ts); Ctrl-C stops everything.
 */
import { createLogger } from '../../platform/logger';
import { startBalancer, type RunningBalancer } from '../../platform/loadBalancer/balancer';
import { compiledEntry, PROJECT_ROOT } from '../../platform/paths';
import { ALL_STAND_INS } from '../../systems/all';
import { startStandIns, type StartedStandIns } from '../../systems/shared/main';
import { configuredPort, readyMessage } from '../readyMessage';
import { Supervisor } from './supervisor';
import { defaultReplicaPort, replicaPlan, replicaSpecs, replicaUrl, type ReplicatedService } from './topology';

const STARTUP_TIMEOUT_MS = 90_000;

async function waitHealthy(url: string, deadline: number, isUp: (url: string) => Promise<boolean>): Promise<void> {
  while (Date.now() < deadline) {
    if (await isUp(`${url}/healthz`)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become healthy within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

function replicaTable(plan: readonly ReplicatedService[]): string {
  return [
    'Replicas (each behind the load balancer on its service port above):',
    ...plan.map((s) => `  ${s.entry.name.padEnd(27)} ${s.replicaPorts.map(replicaUrl).join('  ')}`),
    '',
  ].join('\n');
}

export async function runReplicas(replicas: number, env: NodeJS.ProcessEnv, nodeFlags: readonly string[], isUp: (url: string) => Promise<boolean>): Promise<void> {
  const started = Date.now();
  const plan = replicaPlan(replicas, (entry) => configuredPort(entry, env), defaultReplicaPort);
  const supervisor = new Supervisor({ onEvent: (message) => console.error(`npm start: ${message}`) });
  const balancers: RunningBalancer[] = [];
  let standIns: StartedStandIns | undefined;
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    // Balancers first, so no new request reaches a replica that is stopping.
    await Promise.all(balancers.map((b) => b.close()));
    await supervisor.stop();
    await standIns?.close().catch(() => undefined);
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    for (const spec of replicaSpecs(plan, env, (entry) => [...nodeFlags, compiledEntry(entry.entry)], PROJECT_ROOT)) supervisor.start(spec);
    for (const s of plan) {
      const logger = createLogger(`${s.entry.name}-balancer`);
      balancers.push(await startBalancer({ service: s.entry.name, upstreams: s.replicaPorts.map(replicaUrl), logger }, s.publicPort));
    }
    standIns = await startStandIns(ALL_STAND_INS, { ...env, STANDIN_ADMIN: '1' });
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    await Promise.all(plan.flatMap((s) => s.replicaPorts.map((port) => waitHealthy(replicaUrl(port), deadline, isUp))));
    console.log(readyMessage(env, (Date.now() - started) / 1000));
    console.log(replicaTable(plan));
  } catch (err) {
    console.error(`npm start --replicas ${replicas}: ${err instanceof Error ? err.message : String(err)}; stopping everything.`);
    await stop(1);
  }
}
