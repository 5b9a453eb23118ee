/** The results as Markdown (printed, and put between the README's bench markers). */
import { ratio } from './goals';
import type { LoadFigures } from './load';
import type { BenchResults } from './results';

const GATEWAYS = ['project', 'apollo', 'hive', 'hive-rust'];
const cell = (f: LoadFigures | undefined) => (f ? `${f.rps.toFixed(1)}/s, p50 ${f.p50} / p99 ${f.p99} ms${f.failed ? ` (${f.failed} failed)` : ''}` : '–');
const times = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');
const calls = (c: Record<string, number>) => Object.values(c).reduce((n, v) => n + v, 0);

export function markdown(r: BenchResults): string {
  const m = r.machine;
  const out = [
    `Run ${r.date} with \`${r.command}\` on ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node} (${m.os}); ${r.settings.connections} connections, ${r.settings.rounds} rounds of ${r.settings.roundSeconds} s per gateway and read. Shared machine: read the ratios.`,
    '',
    `Switches the built subgraphs read: ${Object.entries(r.switchesHonoured).map(([k, v]) => `${k} ${v ? 'yes' : 'no (on = off)'}`).join(', ')}.`,
  ];
  if (Object.keys(r.differing).length) out.push('', `**Answers differed** (run failed): ${Object.entries(r.differing).map(([read, gw]) => `${read}: ${gw.join(', ')}`).join('; ')}.`);
  for (const p of r.profiles) {
    out.push('', `**${p.profile} stand-ins**`, '', '| read | project gateway | vanilla @apollo/gateway | Hive Gateway | Hive + Rust planner | project / best peer |', '|---|---|---|---|---|---|');
    for (const read of p.reads) {
      const best = Math.max(...GATEWAYS.slice(1).map((g) => read.gateways[g]?.rps ?? 0));
      out.push(`| ${read.label} | ${GATEWAYS.map((g) => cell(read.gateways[g])).join(' | ')} | ${times(ratio(read.gateways.project.rps, best))} |`);
    }
    if (p.switches.length) {
      out.push('', '| switch (project gateway) | read | on | off | on / off |', '|---|---|---|---|---|');
      for (const s of p.switches) out.push(`| ${s.variant} | ${s.read} | ${cell(s.on)} | ${cell(s.off)} | ${times(ratio(s.on.rps, s.off.rps))} |`);
    }
    const b = p.burst;
    out.push(
      '',
      `System calls per operation (cold / warm): ${p.calls.map((c) => `${c.read} ${calls(c.cold)} / ${calls(c.warm)}`).join(', ')}. ` +
        `Report burst: ${b.reports} reports, ${b.inFlight} in flight, ${b.acceptedPerSecond.toFixed(1)} accepted/s, p50 ${b.p50.toFixed(0)} ms / p99 ${b.p99.toFixed(0)} ms to COMPLETE, ${b.notComplete} not complete, ${b.lost} lost, ${b.duplicated} duplicated.` +
        (p.reconciliationMs !== null ? ` Reconciliation (benefitAnomalies over the seeded population): ${(p.reconciliationMs / 1000).toFixed(2)} s.` : ''),
    );
  }
  out.push('', `Peak RSS (MB): ${Object.entries(r.peakRssMb).map(([label, mb]) => `${label} ${mb.toFixed(0)}`).join(', ')}.`, '', '| goal (issue 11) | this run | |', '|---|---|---|');
  for (const g of r.goals) out.push(`| ${g.goal} | ${g.value} | ${g.pass === null ? '–' : g.pass ? 'PASS' : 'MISS'} |`);
  return out.join('\n');
}
