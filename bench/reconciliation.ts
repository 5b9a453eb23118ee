/**
 * npm run bench:reconciliation — what one benefitAnomalies run costs over the seeded population
 * (~13,000 residents, tests/support/stack.ts: every part in this process, real HTTP on loopback):
 * its duration and the system calls it makes (the stand-ins' own request counts), under two
 * latency profiles of the stand-ins: instant, and realistic ({@link REALISTIC_LATENCY_MS}).
 * Shared, noisy machines: compare runs made on the same machine, not the absolute figures.
 *
 * Options: --rounds N (timed runs per profile after one warm-up, default 3).
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { SYSTEMS, type SystemName } from '../domain/systems';
import { RECONCILIATION_SYSTEM_TIMEOUT_MS, startStack, type Stack } from '../tests/support/stack';
// Applied through each stand-in's `slow` fault: the in-process stack starts its stand-ins without their `<SYSTEM>_LATENCY_MS`.
import { REALISTIC_LATENCY_MS } from './profiles';


const SYSTEM_LIST = Object.keys(SYSTEMS) as SystemName[];
const QUERY = '{ benefitAnomalies { resident { idNumber } evidence { system event date } paidBy benefit monthlyAmount monthsOverpaid estimatedOverpayment } }';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' } } });
const ROUNDS = Number(values.rounds);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`--rounds must be a whole number of at least 1, but got ${values.rounds}`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function callsBySystem(stack: Stack): Promise<Record<SystemName, number>> {
  const stats = await Promise.all(SYSTEM_LIST.map(async (s) => [s, (await stack.stats(s)).total] as const));
  return Object.fromEntries(stats) as Record<SystemName, number>;
}

interface Run {
  ms: number;
  /** CPU of the whole stack (one process) during the run: steadier than wall time on a shared machine. */
  cpuMs: number;
  calls: Record<SystemName, number>;
  answer: string;
}

async function reconcile(stack: Stack, token: string): Promise<Run> {
  const before = await callsBySystem(stack);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const res = await stack.query<{ benefitAnomalies: unknown[] }>(QUERY, undefined, token);
  const used = process.cpuUsage(cpu);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.errors || !res.data) throw new Error(`reconciliation failed: ${JSON.stringify(res.errors).slice(0, 300)}`);
  const after = await callsBySystem(stack);
  const calls = Object.fromEntries(SYSTEM_LIST.map((s) => [s, after[s] - before[s]])) as Record<SystemName, number>;
  return { ms, cpuMs: (used.user + used.system) / 1000, calls, answer: JSON.stringify(res.data.benefitAnomalies) };
}

async function profile(stack: Stack, name: string, latency: Record<SystemName, number> | null): Promise<string> {
  await Promise.all(SYSTEM_LIST.map((s) => stack.fault(s, latency ? { mode: 'slow', latencyMs: latency[s] } : { mode: 'none' })));
  const token = await stack.token('supervision');
  const warm = await reconcile(stack, token);
  const runs: Run[] = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(await reconcile(stack, token));
  // Every run must find the same anomalies: a faster run that answers differently is no result.
  if (runs.some((r) => r.answer !== warm.answer)) throw new Error(`profile ${name}: runs disagree on the anomalies found`);
  const calls = runs[runs.length - 1].calls;
  const total = SYSTEM_LIST.reduce((n, s) => n + calls[s], 0);
  const bySystem = SYSTEM_LIST.filter((s) => calls[s]).map((s) => `${s} ${calls[s]}`).join(', ');
  const anomalies = (JSON.parse(warm.answer) as unknown[]).length;
  const cpuMs = median(runs.map((r) => r.cpuMs)).toFixed(0);
  return `${name.padEnd(10)} median ${median(runs.map((r) => r.ms)).toFixed(0).padStart(6)} ms  (${runs.map((r) => r.ms.toFixed(0)).join(', ')}), CPU ${cpuMs} ms;  ${total} system calls per run (${bySystem}); ${anomalies} anomalies`;
}

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'error';
  // The gateway's rate limit off: several runs back to back would spend the service's budget of look-ups, and the limiter is not what is measured.
  const stack = await startStack({ systemTimeoutMs: RECONCILIATION_SYSTEM_TIMEOUT_MS, gatewayEnv: { RATE_LIMIT_CAPACITY: '0' } });
  try {
    const lines = [await profile(stack, 'instant', null), await profile(stack, 'realistic', REALISTIC_LATENCY_MS)];
    // The machine, since the figures mean little without it (shared machines: the load too).
    console.log(`${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}`);
    console.log(`benefitAnomalies over the seeded population, ${ROUNDS} timed run(s) per profile after one warm-up:`);
    for (const line of lines) console.log(line);
  } finally {
    await stack.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
