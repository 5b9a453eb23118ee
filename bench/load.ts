/**
 * Load from autocannon: 16 connections by default, the contenders taking turns in short rounds
 * (the order rotating every round) so the noise of a shared machine hits each about equally.
 * Every timed answer must equal, byte for byte, what that gateway answered in the comparison.
 */
import autocannon from 'autocannon';
import type { PreparedRead } from './reads';

export interface LoadSettings {
  connections: number;
  rounds: number;
  roundSeconds: number;
}

export interface LoadFigures {
  /** Requests answered per second over all rounds. */
  rps: number;
  /** Median over rounds of each round's percentile, in ms. */
  p50: number;
  p99: number;
  /** Answers that were not the expected one, errors and timeouts: a non-zero count voids the row. */
  failed: number;
}

export interface Contender {
  name: string;
  url: string;
  /** Its answer to this read in the comparison. */
  expected: string;
}

/**
 * autocannon notices that the amount is done only at its next sample (default every second), so
 * a turn's duration would be whole seconds: sample often enough that it is exact to a few ms.
 */
const SAMPLE_MS = 20;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Requests per turn: about `roundSeconds` of this read's work at its one-at-a-time pace, never
 * fewer than two per connection. A fixed amount, not a fixed duration: autocannon drops what is
 * in flight when a duration ends, so a read slower than the turn would count nothing.
 */
export function requestsPerTurn(serialMs: number, settings: LoadSettings): number {
  return Math.min(5000, Math.max(2 * settings.connections, Math.round((settings.roundSeconds * 1000) / Math.max(serialMs, 1))));
}

/** Times one read on each contender, `amount` requests per turn; returns figures by contender name. */
export async function loadRounds(read: PreparedRead, contenders: Contender[], settings: LoadSettings, amount: number): Promise<Record<string, LoadFigures>> {
  const rounds: Record<string, Awaited<ReturnType<typeof autocannon>>[]> = Object.fromEntries(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < settings.rounds; round++) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
    for (const c of order) {
      rounds[c.name].push(
        await autocannon({ url: `${c.url}/graphql`, method: 'POST', headers: read.headers, body: read.body, connections: settings.connections, amount, sampleInt: SAMPLE_MS, expectBody: c.expected }),
      );
    }
  }
  return Object.fromEntries(
    Object.entries(rounds).map(([name, results]) => {
      const answered = results.reduce((n, r) => n + r['2xx'], 0);
      const seconds = results.reduce((n, r) => n + r.duration, 0);
      const failed = results.reduce((n, r) => n + r.mismatches + r.errors + r.timeouts + r.non2xx, 0);
      return [name, { rps: answered / seconds, p50: median(results.map((r) => r.latency.p50)), p99: median(results.map((r) => r.latency.p99)), failed }];
    }),
  );
}
