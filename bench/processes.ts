/**
 * Every gateway, subgraph and stand-in of the bench as its own Node process, run from one esbuild
 * bundle each (as npm start runs the project: dist/, the Node flags of scripts/nodeFlags.ts, the
 * gateway's for every gateway), so CPU and peak memory are per process and every gateway, the
 * project's and the peers', is built and run the same way.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { compiledEntry, DIST_DIR, PROJECT_ROOT } from '../platform/paths';
import { buildServer } from '../scripts/build';
import { GATEWAY_NODE_FLAGS, NODE_FLAGS } from '../scripts/nodeFlags';
import { freePort, untilHealthy } from '../tests/support/childProcess';

const STARTUP_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;

export const PEER_ENTRIES = { apollo: 'bench/peers/apollo.ts', hive: 'bench/peers/hive.ts' } as const;

/**
 * Bundles the services exactly as `npm run build` does (scripts/build.ts), and the peers with the
 * same esbuild settings, into dist/bench-<pid>/ (removed by `cleanup`).
 */
export async function buildBench(): Promise<{ outDir: string; cleanup(): void }> {
  const outDir = join(DIST_DIR, `bench-${process.pid}`);
  await buildServer({ outDir });
  const sameAsBuild = { bundle: true, packages: 'external', platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'linked', sourcesContent: false } as const;
  await build({ ...sameAsBuild, absWorkingDir: PROJECT_ROOT, entryPoints: Object.values(PEER_ENTRIES), outbase: PROJECT_ROOT, outdir: outDir, logLevel: 'warning' });
  return { outDir, cleanup: () => rmSync(outDir, { recursive: true, force: true }) };
}

export interface BenchProcess {
  label: string;
  url: string;
  pid: number;
  /** Peak resident set (VmHWM) so far, in MB; null where /proc is not there. */
  peakRssMb(): number | null;
  stop(): Promise<void>;
}

export interface ProcessSpec {
  label: string;
  /** Source entry (its bundle runs). */
  entry: string;
  args?: string[];
  /** The environment variable the process takes its port from. */
  portVariable: string;
  env: NodeJS.ProcessEnv;
  healthPath: string;
  /** A port chosen beforehand (another process must know it first). @default a free one */
  port?: number;
  /** A gateway (the project's or a peer): runs with the gateway's Node flags. */
  gateway?: boolean;
}

function peakRssMb(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

export async function startProcess(outDir: string, spec: ProcessSpec): Promise<BenchProcess> {
  const port = spec.port ?? (await freePort());
  const inherited = { ...process.env };
  // The bench's own settings only (a REDIS_URL in the shell would move the stores).
  delete inherited.REDIS_URL;
  delete inherited.REDIS_PREFIX;
  const child = spawn(process.execPath, [...(spec.gateway ? GATEWAY_NODE_FLAGS : NODE_FLAGS), compiledEntry(spec.entry, outDir), ...(spec.args ?? [])], {
    cwd: PROJECT_ROOT,
    env: { ...inherited, LOG_LEVEL: 'error', ...spec.env, [spec.portVariable]: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const pid = child.pid ?? -1;
  let peak: number | null = null;
  const stop = async () => {
    peak = peakRssMb(pid) ?? peak;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    // Hive's runtime takes SIGTERM for itself and keeps running: the bench does not wait for it.
    const hard = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(hard);
  };
  try {
    await untilHealthy(child, `${url}${spec.healthPath}`, spec.label, STARTUP_TIMEOUT_MS);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { label: spec.label, url, pid, peakRssMb: () => peakRssMb(pid) ?? peak, stop };
}
