/**
 * `npm run new:department` run for real, into a copy of the project in a temporary folder (the
 * real tree is never touched): the department it writes type-checks, its SDL composes with the
 * others, its generated test passes, and it has the shape of the real departments; a bad or
 * taken name is refused with exit code 2 and nothing written.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../platform/paths';
import { hrssDepartment } from '../subgraphs/hrss/subgraph';

// Generated and local folders stay behind; node_modules is shared through a link.
const LEFT_OUT = new Set(['node_modules', '.git', 'data', 'dist', 'test-artifacts']);

function copyOfProject(): string {
  const copy = mkdtempSync(join(tmpdir(), 'new-department-'));
  cpSync(PROJECT_ROOT, copy, { recursive: true, filter: (source) => !LEFT_OUT.has(relative(PROJECT_ROOT, source).split('/')[0]) });
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

/** Runs a TypeScript entry or snippet of the copy with tsx, in the copy. */
function inCopy(copy: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: copy, encoding: 'utf8', timeout: 120_000 });
}
const newDepartment = (copy: string, ...args: string[]) => inCopy(copy, ['scripts/newDepartment.ts', ...args]);

describe('npm run new:department', () => {
  let copy: string;
  let scaffolded: SpawnSyncReturns<string>;
  beforeAll(() => {
    copy = copyOfProject();
    scaffolded = newDepartment(copy, 'land-survey', '--system', 'land-registry');
  }, 120_000);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('scaffolds the department, registers it and its system, and prints what is left to do', () => {
    expect(scaffolded.stderr).toBe('');
    expect(scaffolded.status).toBe(0);
    expect(scaffolded.stdout).toContain('subgraphs/land-survey/adapters/land-registry/executor.ts');
    expect(scaffolded.stdout).toMatch(/Left to do:\n1\. .*LAND_REGISTRY_URL/);
    expect(scaffolded.stdout).toContain('platform/auth/permissions.ts');
    expect(readFileSync(join(copy, 'platform/services.ts'), 'utf8')).toContain("{ name: 'land-survey', kind: 'subgraph', port: 4006, entry: 'subgraphs/land-survey/main.ts' }");
    expect(readFileSync(join(copy, 'domain/systems.ts'), 'utf8')).toContain("LAND_REGISTRY: { name: 'LAND_REGISTRY', service: 'land-registry', department: 'land-survey'");
  });

  it('writes code that type-checks', () => {
    writeFileSync(join(copy, 'tsconfig.scaffold.json'), JSON.stringify({ extends: './tsconfig.json', include: [], files: ['subgraphs/land-survey/main.ts', 'subgraphs/land-survey/subgraph.test.ts'] }));
    const tsc = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.scaffold.json'], { cwd: copy, encoding: 'utf8', timeout: 180_000 });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 200_000);

  it('writes an SDL that composes with every other subgraph’s', () => {
    const composed = inCopy(copy, ['-e', "process.stdout.write(require('./scripts/composeSupergraph').composeSupergraph())"]);
    expect(composed.stderr).toBe('');
    expect(composed.stdout).toMatch(/landSurveyRecord: LandSurveyRecord @join__field\(graph: LAND_SURVEY\)/);
  });

  it('writes a test that passes: the department builds, serves, and resolves its SDL’s fields', () => {
    const jest = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules/jest/bin/jest.js'), '--rootDir', copy, 'subgraphs/land-survey'], { cwd: copy, encoding: 'utf8', timeout: 120_000 });
    expect(jest.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
    expect(jest.status).toBe(0);
  }, 150_000);

  it('declares the department in the shape of the real ones', () => {
    const keys = inCopy(copy, ['-e', "process.stdout.write(JSON.stringify(Object.keys(require('./subgraphs/land-survey/subgraph').landSurveyDepartment).sort()))"]);
    expect(JSON.parse(keys.stdout)).toEqual(Object.keys(hrssDepartment).sort());
    const main = (dir: string, name: string) => readFileSync(join(dir, `subgraphs/${name}/main.ts`), 'utf8');
    expect(main(copy, 'land-survey').replace(/landSurvey/g, 'hrss')).toBe(main(PROJECT_ROOT, 'hrss'));
  });

  it.each([
    ['a taken name', ['hrss', '--system', 'pension-archive'], /"hrss" is already a service/],
    ['the name it just scaffolded', ['land-survey', '--system', 'land-registry'], /"land-survey" is already a service/],
    ['a name that is not kebab-case', ['Land_Survey', '--system', 'land-registry'], /must be kebab-case .* but got "Land_Survey"/],
    ['another department’s system', ['pensions', '--system', 'social-insurance'], /belongs to the hrss department/],
    ['no system', ['pensions'], /usage: npm run new:department/],
  ])('refuses %s with exit code 2, writing nothing', (_case, args, message) => {
    const registries = ['platform/services.ts', 'domain/systems.ts'].map((f) => readFileSync(join(copy, f), 'utf8'));
    const refused = newDepartment(copy, ...args);
    expect(refused.stderr).toMatch(message);
    expect(refused.status).toBe(2);
    expect(['platform/services.ts', 'domain/systems.ts'].map((f) => readFileSync(join(copy, f), 'utf8'))).toEqual(registries);
  });
});
