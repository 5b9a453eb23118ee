/**
 * npm run bench: the project's gateway against vanilla @apollo/gateway, Hive Gateway and Hive
 * Gateway with its Rust query planner, over the project's own subgraphs and stand-ins, every part
 * its own process (bench/processes.ts); then the product switches on vs off, a report burst,
 * reconciliation and each process's peak memory; under the instant and the realistic stand-in
 * latency profiles (bench/profiles.ts). Answers are compared before anything is timed; a gateway
 * answering differently fails the run. Writes docs/bench-results.json, docs/bench.svg and the
 * README's Performance table. Shared, noisy machines: read the ratios.
 *
 *   --quick   every peer started, every answer compared, one tiny round each; nothing timed or
 *             judged, nothing written (CI's smoke test: tests/benchQuick.test.ts)
 *   --render  re-render docs/bench.svg and the README table from docs/bench-results.json
 * Settings: BENCH_CONNECTIONS, BENCH_ROUNDS, BENCH_ROUND_SECONDS, BENCH_BURST_REPORTS, BENCH_BURST_IN_FLIGHT (bench/config.ts).
 */
import { writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { benchSettings } from './config';
import { evaluateGoals } from './goals';
import { buildBench } from './processes';
import { runProfile } from './profileRun';
import type { ProfileName } from './profiles';
import { render, renderFromFile, RESULTS_FILE } from './render';
import { markdown } from './report';
import { quickVerdict, type BenchResults, type ProfileResult } from './results';
import { honouredSwitches } from './topology';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, render: { type: 'boolean', default: false } } });
  if (values.render) return renderFromFile();
  const quick = values.quick;
  const settings = benchSettings(quick);
  const log = (line: string) => console.log(line);
  const built = await buildBench();
  try {
    const profiles: ProfileResult[] = [];
    const differing: Record<string, string[]> = {};
    const peakRssMb: Record<string, number> = {};
    for (const profile of (quick ? ['instant'] : ['instant', 'realistic']) as ProfileName[]) {
      const outcome = await runProfile(built.outDir, profile, settings, quick, log);
      profiles.push(outcome.result);
      for (const [read, gateways] of Object.entries(outcome.differing)) differing[`${profile} ${read}`] = gateways;
      for (const [label, mb] of Object.entries(outcome.peakRssMb)) peakRssMb[label] = Math.max(peakRssMb[label] ?? 0, mb);
      if (Object.keys(differing).length) break;
    }
    if (Object.keys(differing).length) {
      throw new Error(`gateways answered differently from the project's: ${Object.entries(differing).map(([read, gateways]) => `${read}: ${gateways.join(', ')}`).join('; ')}`);
    }
    if (quick) return console.log(quickVerdict(profiles[0].reads.map((r) => r.read), Object.keys(profiles[0].reads[0]?.gateways ?? {})));
    const switchesHonoured = honouredSwitches(built.outDir);
    const results: BenchResults = {
      date: new Date().toISOString(),
      command: 'npm run bench',
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, os: `${platform()} ${release()}` },
      settings: { connections: settings.connections, rounds: settings.rounds, roundSeconds: settings.roundSeconds },
      switchesHonoured,
      differing,
      profiles,
      peakRssMb,
      goals: evaluateGoals(profiles, peakRssMb, switchesHonoured),
    };
    writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    render(results);
    console.log(`\n${markdown(results)}\n\nwritten: docs/bench-results.json, docs/bench.svg, README.md (Performance)`);
  } finally {
    built.cleanup();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
