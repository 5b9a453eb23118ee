/**
 * npm start: runs every service on one machine (embedded defaults: SQLite files under data/,
 * no Redis) from the build output (`npm run build`, which `prestart` runs), waits until each
 * answers /healthz, prints the URL table, and stops them all cleanly on Ctrl-C.
 *
 * The gateway runs as its own process, as in production; the department subgraphs share one
 * process (scripts/departments.ts: each on its own port, with its own config, stores and worker),
 * and the stand-ins (development only: real systems run elsewhere) share this supervising
 * process. Production runs every service as its own process or container (scripts/service.ts);
 * here, on one small machine, sharing runtimes keeps the whole under 600 MB.
 * `npm start -- --replicas 2` (Redis mode) runs the scaled topology instead: scripts/replicas/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { compiledEntry, PROJECT_ROOT } from '../platform/paths';
import { SERVICES, type ServiceEntry } from '../platform/services';
import { ALL_STAND_INS } from '../systems/all';
import { startStandIns, type StartedStandIns } from '../systems/shared/main';
import { embeddedIdentity } from './identity/embedded';
import { configuredPort, readyMessage } from './readyMessage';
import { GATEWAY_NODE_FLAGS, NODE_FLAGS } from './nodeFlags';
import { replicaCount } from './replicas/config';
import { runReplicas } from './replicas/runReplicas';

const STARTUP_TIMEOUT_MS = 60_000;

/** One process npm start runs: its label in messages, its entry (source path) and extra environment. */
interface DevProcess {
  label: string;
  entry: string;
  env?: NodeJS.ProcessEnv;
  nodeFlags?: readonly string[];
}

/** The embedded OpenID provider the pages sign in with (development, no OIDC_ISSUER_URL of its own). */
const identity = embeddedIdentity(process.env);
const PROCESSES: readonly DevProcess[] = [
  ...SERVICES.filter((s) => s.kind === 'gateway').map((s) => ({ label: s.name, entry: s.entry, env: identity?.gatewayEnv, nodeFlags: GATEWAY_NODE_FLAGS })),
  // Every department in one process: six heaps' worth of work, so the gateway's larger old space, not one service's 256 MB.
  { label: 'departments', entry: 'scripts/departments.ts', nodeFlags: GATEWAY_NODE_FLAGS },
  ...(identity ? [identity] : []),
];
const children: { label: string; child: ChildProcess }[] = [];
let standIns: StartedStandIns | undefined;

const portOf = (entry: ServiceEntry) => configuredPort(entry, process.env);

function startProcess({ label, entry, env, nodeFlags = NODE_FLAGS }: DevProcess): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, compiledEntry(entry)], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${label} exited unexpectedly (code ${code}, signal ${signal}); stopping everything.`);
      void stopAll(1);
    }
  });
  children.push({ label, child });
  return child;
}

/** node:http, not fetch: loading fetch's client would add ~20 MB to this otherwise idle process. */
function answersOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(url, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false)); // not listening yet
  });
}

async function waitHealthy(entry: ServiceEntry): Promise<void> {
  return waitAnswering(entry.name, `http://127.0.0.1:${portOf(entry)}/healthz`);
}

async function waitAnswering(name: string, url: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await answersOk(url)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${name} did not become healthy at ${url} within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

let stopping = false;
async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Reverse order: the gateway first, so no request reaches a subgraph that is going away.
  for (const { child } of [...children].reverse()) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map(({ child }) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : undefined)));
  await standIns?.close().catch(() => undefined);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  // --replicas N (or REPLICAS): N processes per gateway and subgraph behind load balancers (scripts/replicas/).
  const replicas = replicaCount(process.argv.slice(2), process.env);
  if (replicas > 1) return runReplicas(replicas, process.env, NODE_FLAGS, answersOk);
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  const started = Date.now();
  // All at once: nothing calls another service while starting (the gateway reads the committed
  // supergraph, subgraphs reach their systems on the first request), so start-up takes the
  // slowest service's time, not the sum.
  PROCESSES.forEach(startProcess);
  // Development turns the stand-ins' admin endpoints (stats, fault injection) on. Started after
  // the children are spawned: a first start seeds their SQLite files, which takes this process a while.
  standIns = await startStandIns(ALL_STAND_INS, { ...process.env, STANDIN_ADMIN: '1' });
  await Promise.all([...SERVICES.map(waitHealthy), ...(identity ? [waitAnswering(identity.label, `${identity.issuer}/.well-known/openid-configuration`)] : [])]);
  console.log(readyMessage(process.env, (Date.now() - started) / 1000));
  if (identity) console.log(`Sign-in: the pages send you to ${identity.issuer} (development users: pick one, no password).\n`);
}

// A fault in the stand-ins hosted here must not leave the services running without a supervisor.
process.on('uncaughtException', (err) => {
  console.error(`npm start: ${err.stack ?? err.message}; stopping everything.`);
  void stopAll(1);
});

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  void stopAll(1);
});
