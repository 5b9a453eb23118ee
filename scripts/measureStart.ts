/**
 * npm run measure:start: how heavy and how quick `npm start` is on embedded defaults.
 *
 * Runs the start command (default `npm start`) on ports shifted by --port-offset (so a running
 * stack on the default ports is left alone) with its data in --data-dir, and per run:
 *  - ready: seconds from spawning the command to the gateway's /readyz answering 200, and the
 *    CPU seconds the process tree used until then (compare runs under the same load);
 *  - memory: after --idle-seconds of idling, the RSS of every process in the command's process
 *    tree (from /proc: Linux only), listed, and summed with and without the npm/sh wrappers.
 * The first start seeds the stand-ins' SQLite files: run once before measuring warm starts.
 *
 *   npm run -s measure:start -- --runs 3 --data-dir /tmp/rg-measure
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { envPrefix, SERVICES } from '../platform/services';

const { values: args } = parseArgs({
  options: {
    command: { type: 'string', default: 'npm start' },
    runs: { type: 'string', default: '1' },
    'port-offset': { type: 'string', default: '1000' },
    'data-dir': { type: 'string', default: '/tmp/resident-graph-measure' },
    'idle-seconds': { type: 'string', default: '10' },
  },
});
const offset = Number(args['port-offset']);
const portOf = (name: string) => SERVICES.find((s) => s.name === name)!.port + offset;

/** Every port and every URL moved by the offset: services find each other on the shifted ports. */
function shiftedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: args['data-dir'], LOG_LEVEL: 'warn' };
  delete env.REDIS_URL;
  for (const s of SERVICES) {
    env[`${envPrefix(s.name)}_PORT`] = String(portOf(s.name));
    env[`${envPrefix(s.name)}_URL`] = `http://127.0.0.1:${portOf(s.name)}`;
  }
  env.GATEWAY_URL = `http://127.0.0.1:${portOf('gateway')}`;
  return env;
}

interface Proc {
  pid: number;
  ppid: number;
  rssKb: number;
  /** CPU seconds used by the process and its finished, waited-for children (the build, for npm). */
  cpuSeconds: number;
  command: string;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime + cutime + cstime from /proc/<pid>/stat (fields 14-17, after the command name). */
function cpuSecondsOf(pid: string): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.slice(11, 15).reduce((n, f) => n + Number(f), 0) / TICKS_PER_SECOND;
}

function processes(): Proc[] {
  const found: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid: Number(entry), ppid, rssKb, cpuSeconds: cpuSecondsOf(entry), command });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

function tree(root: number): Proc[] {
  const all = processes();
  const inTree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) if (!inTree.has(p.pid) && inTree.has(p.ppid)) grew = inTree.add(p.pid).size > 0;
  }
  return all.filter((p) => inTree.has(p.pid));
}

async function waitReady(url: string, deadlineMs: number): Promise<void> {
  while (Date.now() < deadlineMs) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer 200 in time`);
}

const isWrapper = (p: Proc) => /^(npm|sh|\/bin\/sh)\b|npm-cli\.js|\bnpm (start|run)/.test(p.command);

async function measureOnce(run: number): Promise<void> {
  const started = Date.now();
  const child = spawn(args.command, { shell: true, env: shiftedEnv(), stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const exited = new Promise((r) => child.once('exit', r));
  // npm start's own figure: from starting the services to all healthy (the build before it excluded).
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  try {
    await waitReady(`http://127.0.0.1:${portOf('gateway')}/readyz`, started + 120_000);
    const readySeconds = (Date.now() - started) / 1000;
    // CPU spent getting ready: compares two builds run alternately on a busy machine.
    const cpuToReady = tree(child.pid!).reduce((n, p) => n + p.cpuSeconds, 0);
    await new Promise((r) => setTimeout(r, Number(args['idle-seconds']) * 1000));
    const procs = tree(child.pid!);
    const mb = (kb: number) => (kb / 1024).toFixed(0).padStart(5);
    const total = procs.reduce((n, p) => n + p.rssKb, 0);
    const services = procs.filter((p) => !isWrapper(p)).reduce((n, p) => n + p.rssKb, 0);
    const servicesReady = /All services ready in ([\d.]+) s/.exec(stdout)?.[1];
    console.log(`run ${run}: gateway /readyz 200 ${readySeconds.toFixed(1)} s after the command started${servicesReady ? ` (services healthy ${servicesReady} s after being spawned)` : ''}; ${cpuToReady.toFixed(1)} CPU s used to get there; ${procs.length} processes`);
    for (const p of procs) console.log(`  ${mb(p.rssKb)} MB  ${p.command.slice(0, 110)}`);
    console.log(`  ${mb(total)} MB  total RSS of the process tree`);
    console.log(`  ${mb(services)} MB  without the npm/sh wrappers`);
  } finally {
    process.kill(-child.pid!, 'SIGINT');
    await exited;
  }
}

async function main(): Promise<void> {
  mkdirSync(args['data-dir'], { recursive: true });
  for (let run = 1; run <= Number(args.runs); run++) await measureOnce(run);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
