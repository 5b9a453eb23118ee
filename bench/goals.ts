/** Issue 11's goals, PASS or MISS from one run's figures (null: this run cannot tell). */
import type { LoadFigures } from './load';
import type { Goal, ProfileResult } from './results';

const PEERS = ['apollo', 'hive', 'hive-rust'];
export const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
const x = (n: number) => `${n.toFixed(2)}×`;

function bestPeer(gateways: Record<string, LoadFigures>): [string, LoadFigures] {
  return PEERS.filter((p) => gateways[p]).map((p) => [p, gateways[p]] as [string, LoadFigures]).sort((a, b) => b[1].rps - a[1].rps)[0];
}

function gatewayGoals(p: ProfileResult): Goal[] {
  const goals: Goal[] = [];
  for (const read of p.reads.filter((r) => ['Q1', 'Q2', 'Q3'].includes(r.read))) {
    const project = read.gateways.project;
    const [peer, best] = bestPeer(read.gateways);
    const r = ratio(project.rps, best.rps);
    const clean = project.failed === 0;
    goals.push({ goal: `${p.profile}: ${read.read} project ≥ 1.0× best peer, p99 ≤ its`, value: `${x(r)} ${peer}, p99 ${project.p99} vs ${best.p99} ms`, pass: clean && r >= 1 && project.p99 <= best.p99 });
    if (read.read === 'Q3') goals.push({ goal: `${p.profile}: Q3 project ≥ 1.3× best peer`, value: `${x(r)} ${peer}`, pass: clean && r >= 1.3 });
  }
  return goals;
}

function productGoals(p: ProfileResult, honoured: Record<string, boolean>): Goal[] {
  const goals: Goal[] = [];
  for (const s of p.switches) {
    const r = ratio(s.on.rps, s.off.rps);
    const cache = s.variant.startsWith('cache');
    // A switch the build does not read makes on and off the same system: the ratio is noise, not a verdict.
    const judged = cache ? honoured.SYSTEM_CACHE && honoured.SYSTEM_CALLS : honoured.AUDIT_LOG;
    const value = judged ? x(r) : `${x(r)} (switch not in this build: noise)`;
    const target = cache ? (s.read === 'Q1' ? 3 : 5) : 0.8;
    const goal = cache ? `${p.profile}: ${s.read} cache + pooled calls on ≥ ${target}× off` : `${p.profile}: Q2 audit on ≥ 0.8× audit off`;
    goals.push({ goal, value, pass: judged ? r >= target : null });
  }
  const q2 = p.calls.find((c) => c.read === 'Q2');
  if (q2) {
    const warm = Object.values(q2.warm).reduce((n, c) => n + c, 0);
    goals.push({ goal: `${p.profile}: warm Q2 makes no system call`, value: `${warm} calls`, pass: warm === 0 });
  }
  return goals;
}

function burstGoals(p: ProfileResult): Goal[] {
  const b = p.burst;
  const limit = p.profile === 'instant' ? 150 : p.slowestSystemMs + 100;
  return [
    { goal: `${p.profile}: burst ≥ 100 reports accepted/s (SQLite)`, value: `${b.acceptedPerSecond.toFixed(1)}/s`, pass: b.acceptedPerSecond >= 100 },
    { goal: `${p.profile}: burst p50 to COMPLETE ≤ ${limit} ms`, value: `${b.p50.toFixed(0)} ms`, pass: b.p50 <= limit },
    { goal: `${p.profile}: burst loses and duplicates nothing`, value: `${b.notComplete} not complete, ${b.lost} lost, ${b.duplicated} duplicated`, pass: b.notComplete + b.lost + b.duplicated === 0 },
  ];
}

export function evaluateGoals(profiles: ProfileResult[], peakRssMb: Record<string, number>, honoured: Record<string, boolean>): Goal[] {
  const goals = profiles.flatMap((p) => [...gatewayGoals(p), ...productGoals(p, honoured), ...burstGoals(p)]);
  const realistic = profiles.find((p) => p.profile === 'realistic');
  if (realistic?.reconciliationMs != null) goals.push({ goal: 'realistic: reconciliation over 13,000 residents ≤ 2 s', value: `${(realistic.reconciliationMs / 1000).toFixed(2)} s`, pass: realistic.reconciliationMs <= 2000 });
  // The project's own processes: "<service> (<copy>)", not the peers' nor the stand-ins'.
  const own = Object.entries(peakRssMb).filter(([label]) => label.includes('(') && !/^(apollo|hive)-gateway/.test(label));
  const [heaviest, mb] = own.sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
  goals.push({ goal: "every project gateway and subgraph process ≤ 250 MB peak", value: `${heaviest} ${mb.toFixed(0)} MB`, pass: mb <= 250 });
  const audited = profiles.find((p) => p.auditBytes)?.auditBytes;
  goals.push(
    audited
      ? { goal: 'audit ≤ 100 bytes per resident read', value: `${audited.perResidentRead.toFixed(1)} B per subgraph read (${audited.perResidentInAnswer.toFixed(1)} per resident answered)`, pass: audited.perResidentRead <= 100 }
      : { goal: 'audit ≤ 100 bytes per resident read', value: 'not measured in this run', pass: null },
  );
  return goals;
}
