import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { maskIdNumber } from '../domain/idNumber';
import { population } from '../systems/seed/population';
import { checkFiles, filesUnder, MIN_NAME_LENGTH, scanText, seededNeedles } from './checkLogs';

const { residents } = population();
const withLongName = residents.find((r) => [...r.name].length >= MIN_NAME_LENGTH)!;
const withShortName = residents.find((r) => [...r.name].length < MIN_NAME_LENGTH)!;
const needles = seededNeedles();

describe('log checker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-logs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a seeded ID number and a seeded name in a log line, counting them', () => {
    const line = JSON.stringify({ msg: 'oops', id: withLongName.idNumber, who: withLongName.name, again: withLongName.idNumber });
    expect(scanText(line, needles)).toEqual({ idNumbers: 2, distinctIdNumbers: 1, names: 1, distinctNames: 1 });
  });

  it('ignores masked ID numbers, unseeded numbers, longer digit runs and 2-character names', () => {
    const other = '110101199003070079';
    const text = `${maskIdNumber(withLongName.idNumber)} ${other} 9${withLongName.idNumber}9 ${withShortName.name}`;
    expect(scanText(text, needles)).toEqual({ idNumbers: 0, distinctIdNumbers: 0, names: 0, distinctNames: 0 });
  });

  it('reports the planted file, with counts and without the values, and exits non-zero', () => {
    const logs = join(dir, 'logs');
    mkdirSync(join(logs, 'nested'), { recursive: true });
    writeFileSync(join(logs, 'clean.log'), '{"msg":"fine","id":"510114********0011"}\n');
    const planted = join(logs, 'nested', 'planted.log');
    writeFileSync(planted, `{"msg":"leak ${withLongName.idNumber} ${withLongName.name}"}\n`);
    expect(filesUnder([logs])).toHaveLength(2);
    expect(checkFiles(filesUnder([logs]), needles)).toEqual([{ file: planted, idNumbers: 1, distinctIdNumbers: 1, names: 1, distinctNames: 1 }]);

    const run = spawnSync(resolve('node_modules/.bin/tsx'), [resolve('scripts/checkLogs.ts'), logs], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/planted\.log: 1 ID number\(s\) \(1 different\), 1 name\(s\) \(1 different\)/);
    expect(run.stderr + run.stdout).not.toContain(withLongName.idNumber);
    expect(run.stderr + run.stdout).not.toContain(withLongName.name);

    rmSync(planted);
    expect(spawnSync(resolve('node_modules/.bin/tsx'), [resolve('scripts/checkLogs.ts'), logs], { encoding: 'utf8' }).status).toBe(0);
  }, 30_000);
});
