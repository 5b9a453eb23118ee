/**
 * compose:check against the committed supergraph, on temporary copies of schema/ (the real
 * files are never edited): each breaking change gets its own message naming Type.field, its SDL
 * and what to do instead, and fails the check; an additive change passes it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compose } from './compose';
import { SCHEMA_DIR } from './composeSupergraph';

const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of schema/ with one subgraph SDL edited. */
/** A copy of schema/ with `from` replaced by `to` in each named subgraph's SDL. */
function schemaCopyWith(subgraphs: string | string[], from: string, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'schema-'));
  copies.push(dir);
  cpSync(SCHEMA_DIR, dir, { recursive: true });
  for (const subgraph of [subgraphs].flat()) {
    const file = join(dir, `${subgraph}.graphql`);
    const sdl = readFileSync(file, 'utf8');
    if (!sdl.includes(from)) throw new Error(`schema/${subgraph}.graphql no longer contains ${JSON.stringify(from)}: pick another edit for this test`);
    writeFileSync(file, sdl.replace(from, to));
  }
  return dir;
}

async function run(schemaDir: string, mode: { check?: boolean; allowBreaking?: boolean } = { check: true }) {
  const info: string[] = [];
  const error: string[] = [];
  const code = await compose({ check: false, allowBreaking: false, ...mode, schemaDir }, { info: (l) => info.push(l), error: (l) => error.push(l) });
  return { code, info, error, breaking: error.filter((l) => l.startsWith('BREAKING ')) };
}

describe('compose:check reports breaking changes against the committed supergraph', () => {
  it('passes on the committed schema', async () => {
    const result = await run(SCHEMA_DIR);
    expect(result).toMatchObject({ code: 0, error: [] });
  });

  it('a removed field fails the check with one message naming the field, its SDL and the deprecation path', async () => {
    const result = await run(schemaCopyWith('health', '  deathDate: Date\n', ''));
    expect(result.code).toBe(1);
    expect(result.breaking).toHaveLength(1);
    expect(result.breaking[0]).toMatch(/^BREAKING VitalStatus\.deathDate \(schema\/health\.graphql\): .*removed.*@deprecated/);
  });

  it('an input field made required (nullability tightened on input) fails the check naming it', async () => {
    const result = await run(schemaCopyWith('community', '  certificateNumber: String\n', '  certificateNumber: String!\n'));
    expect(result.code).toBe(1);
    expect(result.breaking).toEqual([expect.stringMatching(/^BREAKING DeathDetailsInput\.certificateNumber \(schema\/community\.graphql\): .*'String' to 'String!'.*old type/)]);
  });

  it('an output field that may now be null (nullability loosened on output) fails the check naming it', async () => {
    const result = await run(schemaCopyWith('health', '  deceased: Boolean!\n', '  deceased: Boolean\n'));
    expect(result.code).toBe(1);
    expect(result.breaking).toEqual([expect.stringMatching(/^BREAKING VitalStatus\.deceased \(schema\/health\.graphql\): .*'Boolean!' to 'Boolean'/)]);
  });

  it('a removed enum value fails the check naming the value and saying to deprecate it instead', async () => {
    const result = await run(schemaCopyWith('hrss', '  URBAN_RURAL_RESIDENT\n', ''));
    expect(result.code).toBe(1);
    expect(result.breaking).toEqual([expect.stringMatching(/^BREAKING PensionKind\.URBAN_RURAL_RESIDENT \(schema\/hrss\.graphql\): .*removed.*@deprecated/)]);
  });

  it('a removed argument fails the check naming Type.field.argument', async () => {
    const result = await run(schemaCopyWith('community', 'residents(first: Int = 50, after: String)', 'residents(first: Int = 50)'));
    expect(result.code).toBe(1);
    expect(result.breaking).toEqual([expect.stringMatching(/^BREAKING Query\.residents\.after \(schema\/community\.graphql\): .*removed.*Put the argument back/)]);
  });

  it('a new enum value is reported as dangerous without failing the breaking-change check', async () => {
    // An enum used as input and output must have the same values in every subgraph declaring it
    // (federation's rule), so a new value goes into each of them, as an integrator would add it.
    const result = await run(schemaCopyWith(['community', 'public-security'], '  DEATH\n  MOVED_OUT\n}', '  DEATH\n  MOVED_OUT\n  EMIGRATED\n}'));
    expect(result.breaking).toEqual([]);
    expect(result.info).toEqual(expect.arrayContaining([expect.stringMatching(/^DANGEROUS PopulationChangeKind\.EMIGRATED/)]));
  });

  it('npm run compose refuses to write a breaking supergraph unless told --allow-breaking', async () => {
    const dir = schemaCopyWith('hrss', '  URBAN_RURAL_RESIDENT\n', '');
    const before = readFileSync(join(dir, 'supergraph.graphql'), 'utf8');
    expect((await run(dir, {})).code).toBe(1);
    expect(readFileSync(join(dir, 'supergraph.graphql'), 'utf8')).toBe(before);
    expect((await run(dir, { allowBreaking: true })).code).toBe(0);
    expect(await run(dir)).toMatchObject({ code: 0, breaking: [] });
  });

  it('a new optional field is no breaking change: compose writes it and the check then passes', async () => {
    const dir = schemaCopyWith('health', '  deathDate: Date\n', '  deathDate: Date\n  """Where the death was registered."""\n  registeredAt: String\n');
    const stale = await run(dir);
    expect(stale).toMatchObject({ code: 1, breaking: [] });
    expect(stale.error.join('\n')).toMatch(/Run `npm run compose`/);
    expect((await run(dir, {})).code).toBe(0);
    expect(await run(dir)).toMatchObject({ code: 0, error: [] });
  });

  it('the npm script exits non-zero on a breaking change', () => {
    const dir = schemaCopyWith('health', '  deathDate: Date\n', '');
    const cli = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'compose.ts'), '--check', '--schema-dir', dir], { encoding: 'utf8' });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/BREAKING VitalStatus\.deathDate/);
  });
});
