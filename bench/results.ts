/** The shape of docs/bench-results.json: what one `npm run bench` measured. */
import type { AuditBytes } from './auditBytes';
import type { LoadFigures } from './load';

export interface ReadResult {
  read: string;
  label: string;
  /** By gateway: project, apollo, hive, hive-rust. */
  gateways: Record<string, LoadFigures>;
}

export interface SwitchResult {
  /** e.g. "cache + pooled calls off". */
  variant: string;
  read: string;
  on: LoadFigures;
  off: LoadFigures;
}

export interface CallsResult {
  read: string;
  /** System requests one operation cost, by system, on a fresh start (cold) and right after (warm). */
  cold: Record<string, number>;
  warm: Record<string, number>;
}

export interface BurstResult {
  reports: number;
  inFlight: number;
  acceptedPerSecond: number;
  p50: number;
  p99: number;
  notComplete: number;
  lost: number;
  duplicated: number;
}

export interface ProfileResult {
  profile: 'instant' | 'realistic';
  slowestSystemMs: number;
  calls: CallsResult[];
  reads: ReadResult[];
  switches: SwitchResult[];
  burst: BurstResult;
  /** benefitAnomalies over the seeded population, ms; null in --quick. */
  reconciliationMs: number | null;
  /** Audit storage per resident read (Q2 one at a time on the main copy). */
  auditBytes: AuditBytes | null;
}

export interface Goal {
  goal: string;
  value: string;
  pass: boolean | null;
}

export interface BenchResults {
  date: string;
  command: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; os: string };
  settings: { connections: number; rounds: number; roundSeconds: number };
  /** Whether the built subgraphs read each product switch at all. */
  switchesHonoured: Record<string, boolean>;
  /** Answers compared before timing: read -> gateways that differed from the project's. */
  differing: Record<string, string[]>;
  profiles: ProfileResult[];
  /** Peak resident set per process (largest over the run), MB. */
  peakRssMb: Record<string, number>;
  goals: Goal[];
}

/** What `--quick` prints last when every gateway answered every read identically (tests/benchQuick.test.ts reads it). */
export function quickVerdict(reads: string[], gateways: string[]): string {
  return `bench --quick: ${gateways.join(', ')} answered ${reads.join(', ')} identically`;
}
