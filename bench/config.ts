/** The bench's own settings, validated once like every service's (platform/config.ts). */
import { z } from 'zod';
import { loadConfig } from '../platform/config';

const count = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

const BenchEnv = z.object({
  /** Connections autocannon keeps open to the gateway being timed. */
  BENCH_CONNECTIONS: count(16, 256),
  /** Rounds per read; each round times every gateway once, in rotating order. */
  BENCH_ROUNDS: count(2, 50),
  /** Length of one gateway's turn in a round, in seconds. */
  BENCH_ROUND_SECONDS: count(2, 120),
  /** Reports in the burst, and how many are in flight at once. */
  BENCH_BURST_REPORTS: count(200, 2000),
  BENCH_BURST_IN_FLIGHT: count(20, 200),
});

export interface BenchSettings {
  connections: number;
  rounds: number;
  roundSeconds: number;
  burstReports: number;
  burstInFlight: number;
}

/** `--quick`: one tiny round each, a handful of reports; nothing it measures means anything. */
const QUICK: BenchSettings = { connections: 2, rounds: 1, roundSeconds: 1, burstReports: 4, burstInFlight: 2 };

export function benchSettings(quick: boolean, env: NodeJS.ProcessEnv = process.env): BenchSettings {
  if (quick) return QUICK;
  const raw = loadConfig('bench', BenchEnv, env);
  return { connections: raw.BENCH_CONNECTIONS, rounds: raw.BENCH_ROUNDS, roundSeconds: raw.BENCH_ROUND_SECONDS, burstReports: raw.BENCH_BURST_REPORTS, burstInFlight: raw.BENCH_BURST_IN_FLIGHT };
}
