/** Runs a service's main.ts as a real child process (to kill it for real), and finds free ports. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** Resolves once `healthUrl` answers 2xx; rejects if the child exits first or `timeoutMs` passes. */
export async function untilHealthy(child: ChildProcess, healthUrl: string, label: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited with code ${child.exitCode} before it was healthy`);
    try {
      if ((await fetch(healthUrl, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${label} was not healthy at ${healthUrl} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface ChildService {
  child: ChildProcess;
  /** Kills it the hard way (no shutdown hooks run), as a crash would. */
  kill(): Promise<void>;
}

export async function startChild(entry: string, env: NodeJS.ProcessEnv, healthUrl: string, timeoutMs = 30_000): Promise<ChildService> {
  // The stack's own settings only: a REDIS_URL in the runner's environment (CI sets one) would
  // point the child at another store than the stack's.
  const inherited = { ...process.env };
  delete inherited.REDIS_URL;
  delete inherited.REDIS_PREFIX;
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry)], { cwd: ROOT, env: { ...inherited, LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  await untilHealthy(child, healthUrl, entry, timeoutMs);
  return {
    child,
    kill: async () => {
      // Already gone (a second kill would wait for an exit that has happened).
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
