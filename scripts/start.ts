/**
 * npm start: runs every service on one machine (embedded defaults: SQLite files under data/,
 * no Redis), waits until each answers /healthz, prints the URL table, and stops them all
 * cleanly on Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { SERVICES, type ServiceEntry } from '../platform/services';
import { configuredPort, readyMessage } from './readyMessage';

const ROOT = join(__dirname, '..');
const STARTUP_TIMEOUT_MS = 60_000;
const children: { entry: ServiceEntry; child: ChildProcess }[] = [];

const portOf = (entry: ServiceEntry) => configuredPort(entry, process.env);

function startService(entry: ServiceEntry): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry.entry)], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${entry.name} exited unexpectedly (code ${code}, signal ${signal}); stopping everything.`);
      void stopAll(1);
    }
  });
  children.push({ entry, child });
  return child;
}

async function waitHealthy(entry: ServiceEntry): Promise<void> {
  const url = `http://127.0.0.1:${portOf(entry)}/healthz`;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${entry.name} did not become healthy at ${url} within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

let stopping = false;
async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Reverse order: the gateway first, so no request reaches a subgraph that is going away.
  for (const { child } of [...children].reverse()) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(children.map(({ child }) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : undefined)));
  process.exit(exitCode);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  const started = Date.now();
  // All at once: nothing calls another service while starting (the gateway reads the committed
  // supergraph, subgraphs reach their systems on the first request), so start-up takes the
  // slowest service's time, not the sum.
  SERVICES.forEach(startService);
  await Promise.all(SERVICES.map(waitHealthy));
  console.log(readyMessage(process.env, (Date.now() - started) / 1000));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  void stopAll(1);
});
