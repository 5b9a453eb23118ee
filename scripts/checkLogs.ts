/**
 * tsx scripts/checkLogs.ts [--reset] [folder...]
 * Proves that no personal data was logged in clear during a test run: reads every file under
 * the folders (default test-artifacts/, where tests/support/setupEnv.js sends every log line of
 * the run) and looks for every seeded citizen ID number and every seeded name of 3 or more
 * characters. Fails listing, per file, how many it found (never the values themselves).
 * --reset empties test-artifacts/logs (before a run, so the check sees only that run).
 *
 * Why names of 3+ characters only: 2-character names (40% of the seed, e.g. 宋建) are also
 * ordinary words and parts of longer names, community and place names, so matching them would
 * fail runs for no leak. Every resident is covered by the ID-number check, and a leaked record
 * almost always carries its ID number; a 2-character name alone is not reported.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { population } from '../systems/seed/population';

const ROOT = resolve(__dirname, '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const LOGS = join(ARTIFACTS, 'logs');
/** Shortest name looked for (see above). */
export const MIN_NAME_LENGTH = 3;

export interface Finding {
  file: string;
  /** Occurrences of seeded ID numbers, and how many different ones. */
  idNumbers: number;
  distinctIdNumbers: number;
  names: number;
  distinctNames: number;
}

export interface Needles {
  idNumbers: ReadonlySet<string>;
  names: ReadonlySet<string>;
}

export function seededNeedles(): Needles {
  const { residents } = population();
  return {
    idNumbers: new Set(residents.map((r) => r.idNumber)),
    names: new Set(residents.map((r) => r.name).filter((n) => [...n].length >= MIN_NAME_LENGTH)),
  };
}

/** Every file under the paths (a path may be a file). */
export function filesUnder(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const entry of readdirSync(p)) walk(join(p, entry));
    else out.push(p);
  };
  paths.forEach(walk);
  return out.sort();
}

const ID_SHAPED = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])/g;
const CJK_RUN = /[\u3400-\u9fff]+/g;

/** Counts of seeded ID numbers and names in one text (linear in its length: set look-ups, no per-needle scan). */
export function scanText(text: string, needles: Needles): Omit<Finding, 'file'> {
  const ids = new Map<string, number>();
  for (const [match] of text.matchAll(ID_SHAPED)) {
    const id = match.toUpperCase();
    if (needles.idNumbers.has(id)) ids.set(id, (ids.get(id) ?? 0) + 1);
  }
  const lengths = [...new Set([...needles.names].map((n) => n.length))];
  const names = new Map<string, number>();
  for (const [run] of text.matchAll(CJK_RUN)) {
    for (const length of lengths) {
      for (let i = 0; i + length <= run.length; i++) {
        const candidate = run.slice(i, i + length);
        if (needles.names.has(candidate)) names.set(candidate, (names.get(candidate) ?? 0) + 1);
      }
    }
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return { idNumbers: sum(ids), distinctIdNumbers: ids.size, names: sum(names), distinctNames: names.size };
}

export function checkFiles(files: readonly string[], needles: Needles): Finding[] {
  return files
    .map((file) => ({ file, ...scanText(readFileSync(file, 'utf8'), needles) }))
    .filter((f) => f.idNumbers > 0 || f.names > 0);
}

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes('--reset')) {
    rmSync(LOGS, { recursive: true, force: true });
    return;
  }
  const folders = args.length ? args.map((a) => resolve(a)) : [ARTIFACTS];
  const files = filesUnder(folders);
  if (args.length === 0 && filesUnder([LOGS]).length === 0) {
    console.error(`checkLogs: no log file under ${relative(ROOT, LOGS)}; the test run must write its logs there (LOG_FILE, tests/support/setupEnv.js), or this check proves nothing.`);
    process.exit(1);
  }
  const findings = checkFiles(files, seededNeedles());
  if (findings.length === 0) {
    console.log(`checkLogs: ${files.length} file(s) checked, no seeded ID number or name in clear.`);
    return;
  }
  console.error('checkLogs: personal data in clear (counts only; open the file to see where):');
  for (const f of findings) {
    console.error(`  ${relative(ROOT, f.file)}: ${f.idNumbers} ID number(s) (${f.distinctIdNumbers} different), ${f.names} name(s) (${f.distinctNames} different)`);
  }
  process.exit(1);
}

if (require.main === module) main();
