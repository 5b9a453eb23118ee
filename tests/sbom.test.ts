/**
 * npm run sbom: a CycloneDX SBOM of what ships (production dependencies, from the lockfile alone,
 * offline). Run as the script says, with only the output file moved to a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

interface Component {
  group?: string;
  name: string;
  version: string;
  purl: string;
}

describe('npm run sbom', () => {
  let dir: string;
  let bom: { bomFormat: string; specVersion: string; components: Component[] };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sbom-'));
    const out = join(dir, 'sbom.cdx.json');
    // The last --output-file wins: the script's own options are kept.
    execFileSync('npm', ['run', '-s', 'sbom', '--', '--output-file', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], timeout: 90_000 });
    bom = JSON.parse(readFileSync(out, 'utf8')) as typeof bom;
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const names = () => new Set(bom.components.map((c) => (c.group ? `${c.group}/${c.name}` : c.name)));

  it('is a CycloneDX document listing every production dependency at its pinned version', () => {
    expect(bom.bomFormat).toBe('CycloneDX');
    for (const [name, version] of Object.entries(pkg.dependencies)) {
      expect(bom.components.some((c) => (c.group ? `${c.group}/${c.name}` : c.name) === name && c.version === version)).toBe(true);
    }
    expect(bom.components.find((c) => c.name === 'better-sqlite3')?.purl).toBe(`pkg:npm/better-sqlite3@${pkg.dependencies['better-sqlite3']}`);
  });

  it('leaves out the dev dependencies, which never ship', () => {
    for (const devOnly of ['tsx', 'typescript', 'jest', 'esbuild']) expect(names().has(devOnly)).toBe(false);
  });
});

describe('package.json', () => {
  it('pins every dependency to an exact version (the lockfile holds the rest)', () => {
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) expect({ name, version }).toEqual({ name, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });

  it('has no TypeScript runner or compiler among the production dependencies', () => {
    for (const devOnly of ['tsx', 'typescript', 'ts-node', 'esbuild']) expect(Object.keys(pkg.dependencies)).not.toContain(devOnly);
  });
});
