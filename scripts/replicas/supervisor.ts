/**
 * Keeps a set of processes running: spawns each, restarts one that exits unless it was told to
 * stop (a SIGKILLed replica comes back after a short, growing pause), and stops them all on
 * request. Used by `npm start -- --replicas N` and by the chaos test, which kills replicas for
 * real and counts on this to bring them back.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ProcessSpec {
  /** Unique label, e.g. `hrss#2`: in messages and for kill(). */
  label: string;
  /** Arguments to node (flags and the entry file). */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where its output goes: 'inherit' (npm start) or 'ignore' (tests). @default 'inherit' */
  output?: 'inherit' | 'ignore';
}

export interface SupervisorOptions {
  /** First pause before a restart; doubles on each quick death, up to `maxRestartDelayMs`. @default 500 */
  restartDelayMs?: number;
  /** @default 8000 */
  maxRestartDelayMs?: number;
  /** A process that lived this long counts as healthy again: its next restart waits the first pause. @default 30000 */
  stableAfterMs?: number;
  /** Told of each unexpected exit and restart (npm start prints it). */
  onEvent?: (message: string) => void;
}

interface Supervised {
  spec: ProcessSpec;
  child?: ChildProcess;
  startedAt: number;
  delayMs: number;
  restarts: number;
  restartTimer?: NodeJS.Timeout;
}

export class Supervisor {
  private readonly processes = new Map<string, Supervised>();
  private stopping = false;
  private readonly restartDelayMs: number;
  private readonly maxRestartDelayMs: number;
  private readonly stableAfterMs: number;

  constructor(private readonly options: SupervisorOptions = {}) {
    this.restartDelayMs = options.restartDelayMs ?? 500;
    this.maxRestartDelayMs = options.maxRestartDelayMs ?? 8000;
    this.stableAfterMs = options.stableAfterMs ?? 30_000;
    // However this process ends, its children do not outlive it (kill is synchronous).
    process.once('exit', () => this.killAllNow());
  }

  start(spec: ProcessSpec): void {
    if (this.processes.has(spec.label)) throw new Error(`a process labelled ${spec.label} is already supervised`);
    const entry: Supervised = { spec, startedAt: 0, delayMs: this.restartDelayMs, restarts: 0 };
    this.processes.set(spec.label, entry);
    this.spawn(entry);
  }

  /** The process id of `label`'s current process (undefined while it is being restarted). */
  pid(label: string): number | undefined {
    const child = this.get(label).child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  /** How many times `label` was restarted. */
  restarts(label: string): number {
    return this.get(label).restarts;
  }

  /** Sends `signal` to `label`'s process and waits for it to exit (the supervisor then restarts it). */
  async kill(label: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.get(label).child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  /** SIGTERM to every process (each finishes its requests and delivery round), then waits for all to exit. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const running: Promise<unknown>[] = [];
    for (const p of [...this.processes.values()].reverse()) {
      clearTimeout(p.restartTimer);
      const child = p.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) continue;
      running.push(new Promise((r) => child.once('exit', r)));
      child.kill('SIGTERM');
    }
    const force = setTimeout(() => this.killAllNow(), graceMs);
    await Promise.all(running);
    clearTimeout(force);
  }

  private get(label: string): Supervised {
    const p = this.processes.get(label);
    if (!p) throw new Error(`no supervised process is labelled ${label}; known: ${[...this.processes.keys()].join(', ')}`);
    return p;
  }

  private spawn(p: Supervised): void {
    const { spec } = p;
    const child = spawn(process.execPath, [...spec.args], { cwd: spec.cwd, env: spec.env, stdio: ['ignore', spec.output ?? 'inherit', spec.output ?? 'inherit'] });
    p.child = child;
    p.startedAt = Date.now();
    child.on('exit', (code, signal) => {
      if (this.stopping) return;
      // A process that ran a while died for a reason of its own; one that dies at once is crash-looping: back off.
      p.delayMs = Date.now() - p.startedAt > this.stableAfterMs ? this.restartDelayMs : p.delayMs;
      this.options.onEvent?.(`${spec.label} exited (code ${code}, signal ${signal}); restarting in ${(p.delayMs / 1000).toFixed(1)} s`);
      p.restartTimer = setTimeout(() => {
        if (this.stopping) return;
        p.restarts++;
        this.spawn(p);
      }, p.delayMs);
      p.delayMs = Math.min(p.delayMs * 2, this.maxRestartDelayMs);
    });
  }

  private killAllNow(): void {
    for (const p of this.processes.values()) if (p.child && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  }
}
