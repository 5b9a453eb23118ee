/**
 * docs/bench.svg (hand-written: one bar per gateway and read, scaled to the fastest of that read,
 * and the switches' on/off pairs) and the README's Performance table, both from the results JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../platform/paths';
import { evaluateGoals } from './goals';
import { markdown } from './report';
import type { BenchResults } from './results';

export const RESULTS_FILE = join(PROJECT_ROOT, 'docs', 'bench-results.json');
const SVG_FILE = join(PROJECT_ROOT, 'docs', 'bench.svg');
const README = join(PROJECT_ROOT, 'README.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

const COLOURS: Record<string, string> = { project: '#1f6feb', apollo: '#8250df', hive: '#d4a72c', 'hive-rust': '#bf3989', on: '#1f6feb', off: '#8c959f' };
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Group {
  title: string;
  bars: { name: string; rps: number }[];
}

function groups(r: BenchResults): Group[] {
  return r.profiles.flatMap((p) => [
    ...p.reads.map((read) => ({ title: `${p.profile}: ${read.label}`, bars: Object.entries(read.gateways).map(([name, f]) => ({ name, rps: f.rps })) })),
    ...p.switches.map((s) => ({ title: `${p.profile}: ${s.read}, ${s.variant}`, bars: [{ name: 'on', rps: s.on.rps }, { name: 'off', rps: s.off.rps }] })),
  ]);
}

export function svg(r: BenchResults): string {
  const BAR = 14;
  const WIDTH = 760;
  const LABEL = 130;
  const lines: string[] = [];
  let y = 56;
  for (const g of groups(r)) {
    const max = Math.max(...g.bars.map((b) => b.rps), 1e-9);
    lines.push(`<text x="8" y="${y}" font-weight="bold">${escape(g.title)}</text>`);
    y += 6;
    for (const b of g.bars) {
      const w = ((WIDTH - LABEL - 90) * b.rps) / max;
      lines.push(`<text x="16" y="${y + 11}">${escape(b.name)}</text><rect x="${LABEL}" y="${y}" width="${w.toFixed(1)}" height="${BAR - 2}" fill="${COLOURS[b.name] ?? '#57606a'}"/><text x="${(LABEL + w + 6).toFixed(1)}" y="${y + 11}">${b.rps.toFixed(1)} req/s</text>`);
      y += BAR;
    }
    y += 16;
  }
  const m = r.machine;
  const header = `<text x="8" y="20" font-size="15" font-weight="bold">resident-graph bench: throughput by gateway (${r.settings.connections} connections), and product switches on/off</text><text x="8" y="38">${escape(`${r.date.slice(0, 10)} · ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node} · bars scaled per read`)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" font-family="sans-serif" font-size="11"><rect width="100%" height="100%" fill="#ffffff"/>${header}${lines.join('')}</svg>\n`;
}

/** From the JSON alone (`--render`): the goals are judged again, so a change to their rules shows without a new run. */
export function renderFromFile(): void {
  const results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
  results.goals = evaluateGoals(results.profiles, results.peakRssMb, results.switchesHonoured);
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  render(results);
}

export function render(results: BenchResults): void {
  writeFileSync(SVG_FILE, svg(results));
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} markers for the bench's table`);
  writeFileSync(README, `${readme.slice(0, start + START.length)}\n${markdown(results)}\n${readme.slice(end)}`);
}
