/**
 * README's "may import" table, enforced by `npm run lint` (eslint.boundaries.mjs): each rule is
 * tried on a fixture tree laid out like the project, in a folder of its own, linted by the
 * project's ESLint with the project's config. A forbidden import fails naming its rule; an
 * allowed one passes. The departments and systems are the project's own (the config reads them
 * from the tree), so the fixtures use their names.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = join(__dirname, '..');

interface Fixture {
  /** Path of the importing file in the fixture tree. */
  file: string;
  /** Its whole text; relative imports' targets are created as they are needed. */
  source: string;
  /** Other files the case needs, by path, written before the targets. */
  beside?: Record<string, string>;
}
interface Forbidden extends Fixture {
  rule: string;
  /** Part of the message the rule gives. */
  says: string;
}

const importOf = (spec: string) => `import * as target from '${spec}';\nexport default target;\n`;

const FORBIDDEN: Array<[string, Forbidden]> = [
  ['a subgraph imports another subgraph', { file: 'subgraphs/hrss/resolvers.ts', source: importOf('../health/loaders'), rule: 'import-x/no-restricted-paths', says: 'A subgraph imports no other subgraph' }],
  ['a subgraph imports its own system’s stand-in code', { file: 'subgraphs/hrss/adapters/social-insurance/executor.ts', source: importOf('../../../../systems/social-insurance/store'), rule: 'import-x/no-restricted-paths', says: 'through its adapters/, never by importing a stand-in' }],
  ['a department’s test starts another department’s stand-in', { file: 'subgraphs/hrss/pensions.test.ts', source: importOf('../../systems/health-platform/standIn'), rule: 'import-x/no-restricted-paths', says: 'start only the stand-ins of its own systems (social-insurance)' }],
  ['platform imports a subgraph', { file: 'platform/delivery/worker.ts', source: importOf('../../subgraphs/community/loaders'), rule: 'import-x/no-restricted-paths', says: 'platform/ imports only domain/' }],
  ['platform imports a system', { file: 'platform/intake/types.ts', source: importOf('../../systems/seed/population'), rule: 'import-x/no-restricted-paths', says: 'platform/ imports only domain/' }],
  ['platform imports the gateway', { file: 'platform/auth/tokens.ts', source: importOf('../../gateway/context'), rule: 'import-x/no-restricted-paths', says: 'platform/ imports only domain/' }],
  ['platform imports a page module', { file: 'platform/csv.ts', source: importOf('../web/shared/graphql'), rule: 'import-x/no-restricted-paths', says: 'platform/ imports only domain/' }],
  ['domain imports the platform', { file: 'domain/rules.ts', source: importOf('../platform/http/client'), rule: 'import-x/no-restricted-paths', says: 'domain/ imports nothing but domain/ and libraries' }],
  ['domain imports a Node I/O module', { file: 'domain/forms.ts', source: importOf('node:fs'), rule: 'import-x/no-nodejs-modules', says: 'node:fs' }],
  ['domain imports a database client', { file: 'domain/residents.ts', source: importOf('better-sqlite3'), rule: 'no-restricted-imports', says: 'domain/ does no I/O' }],
  ['domain fetches on its own', { file: 'domain/period.ts', source: "export const read = () => fetch('http://127.0.0.1:4101/persons');\n", rule: 'no-restricted-globals', says: 'domain/ does no I/O' }],
  ['domain reads the environment', { file: 'domain/systems.ts', source: 'export const zone = process.env.TZ;\n', rule: 'no-restricted-globals', says: 'reads no environment' }],
  ['the gateway imports a subgraph', { file: 'gateway/exports.ts', source: importOf('../subgraphs/reconciliation/evidence'), rule: 'import-x/no-restricted-paths', says: 'The gateway imports no subgraph' }],
  ['the gateway imports a page module', { file: 'gateway/pages/qrCodes.ts', source: importOf('../../web/shared/operations'), rule: 'import-x/no-restricted-paths', says: 'operation texts it shares with them live in contract/' }],
  ['a stand-in imports another stand-in', { file: 'systems/social-assistance/routes.ts', source: importOf('../health-platform/store'), rule: 'import-x/no-restricted-paths', says: 'A stand-in imports no other stand-in' }],
  ['a stand-in imports a subgraph', { file: 'systems/social-assistance/store.ts', source: importOf('../../subgraphs/civil-affairs/loaders'), rule: 'import-x/no-restricted-paths', says: 'A stand-in imports only systems/shared, systems/seed, platform/ and domain/' }],
  ['the seed imports the platform', { file: 'systems/seed/population.ts', source: importOf('../../platform/config'), rule: 'import-x/no-restricted-paths', says: 'systems/seed imports only domain/' }],
  ['a page imports the platform’s server code', { file: 'web/intake/main.ts', source: importOf('../../platform/http/client'), rule: 'import-x/no-restricted-paths', says: 'A page imports only web/, contract/, domain/' }],
  ['the contract imports the platform', { file: 'contract/pageOperations.ts', source: importOf('../platform/errors'), rule: 'import-x/no-restricted-paths', says: 'contract/ (operation texts shared by clients and the gateway) imports only domain/' }],
  ['shipped code imports a test helper', { file: 'subgraphs/community/subgraph.ts', source: importOf('../../tests/support/standIns'), rule: 'import-x/no-restricted-paths', says: 'test helpers live under tests/support' }],
  ['two modules import each other', { file: 'gateway/edge/rateLimit.ts', source: importOf('./tokenBucket'), beside: { 'gateway/edge/tokenBucket.ts': importOf('./rateLimit') }, rule: 'import-x/no-cycle', says: 'Dependency cycle detected' }],
  ['code outside a config module reads process.env', { file: 'gateway/app.ts', source: 'export const port = process.env.GATEWAY_PORT;\n', rule: 'no-restricted-properties', says: 'Only config modules read process.env' }],
  ['code outside a config module imports env from node:process', { file: 'platform/logger.ts', source: "import { env } from 'node:process';\nexport const level = env.LOG_LEVEL;\n", rule: 'no-restricted-imports', says: 'Only config modules read process.env' }],
];

const ALLOWED: Array<[string, Fixture]> = [
  ['a subgraph imports the platform, domain/ and contract/', { file: 'subgraphs/hrss/loaders.ts', source: "import * as a from '../../platform/http/client';\nimport * as b from '../../domain/residents';\nimport * as c from '../../contract/reconciliationEvidence';\nexport default [a, b, c];\n" }],
  ['a department’s test starts its own system’s stand-in with the seed and test helpers', { file: 'subgraphs/hrss/adapters/social-insurance/executor.test.ts', source: "import * as a from '../../../../systems/social-insurance/standIn';\nimport * as b from '../../../../systems/seed/population';\nimport * as c from '../../../../tests/support/standIns';\nexport default [a, b, c];\n" }],
  ['the platform imports domain/', { file: 'platform/intake/records.ts', source: importOf('../../domain/populationChange') }],
  ['domain imports domain/ and libraries', { file: 'domain/benefits.ts', source: "import { z } from 'zod';\nimport * as forms from './forms';\nexport default [z, forms];\n" }],
  ['the gateway imports the platform and contract/', { file: 'gateway/health.ts', source: "import * as a from '../contract/pageOperations';\nimport * as b from '../platform/csv';\nexport default [a, b];\n" }],
  ['a stand-in imports systems/shared, systems/seed, the platform and domain/', { file: 'systems/social-insurance/store.ts', source: "import * as a from '../shared/standIn';\nimport * as b from '../seed/population';\nimport * as c from '../../platform/sqlite';\nimport * as d from '../../domain/systems';\nexport default [a, b, c, d];\n" }],
  ['a page imports contract/, domain/ and the browser-safe platform modules', { file: 'web/import/run.ts', source: "import * as a from '../../contract/pageOperations';\nimport * as b from '../../platform/csv';\nimport * as c from '../../platform/concurrency';\nimport * as d from '../../domain/idNumber';\nexport default [a, b, c, d];\n" }],
  ['a config module reads process.env', { file: 'gateway/config.ts', source: 'export const port = process.env.GATEWAY_PORT;\n' }],
  ['a department’s config module reads process.env', { file: 'subgraphs/hrss/config.ts', source: 'export const url = process.env.SOCIAL_INSURANCE_URL;\n' }],
];

interface LintMessage {
  ruleId: string | null;
  message: string;
}

/** Writes a fixture and the files its relative imports name (each fixture's files are its own). */
function layOut(root: string, fixture: Fixture): string {
  const path = join(root, fixture.file);
  for (const [file, source] of [[fixture.file, fixture.source], ...Object.entries(fixture.beside ?? {})]) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), source);
  }
  for (const [, spec] of fixture.source.matchAll(/from '(\.[^']+)'/g)) {
    const target = resolve(dirname(path), spec) + '.ts';
    mkdirSync(dirname(target), { recursive: true });
    if (!existsSync(target)) writeFileSync(target, 'export const value = 1;\n');
  }
  return path;
}

describe('import boundaries enforced by the linter', () => {
  const root = mkdtempSync(join(tmpdir(), 'lint-boundaries-'));
  const messagesOf = new Map<string, LintMessage[]>();

  beforeAll(() => {
    const cases = [...FORBIDDEN, ...ALLOWED];
    const paths = cases.map(([, fixture]) => layOut(root, fixture));
    // The project's ESLint and config, run from the fixture tree's root as `npm run lint` runs from the project's.
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--config', join(ROOT, 'eslint.config.mjs'), '--format', 'json', ...paths], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    if (!run.stdout) throw new Error(`eslint gave no report: ${run.stderr}`);
    const reports = JSON.parse(run.stdout) as Array<{ filePath: string; messages: LintMessage[] }>;
    cases.forEach(([name], i) => messagesOf.set(name, reports.find((r) => r.filePath === paths[i])?.messages ?? [{ ruleId: null, message: 'not linted' }]));
  }, 150_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(FORBIDDEN)('fails when %s', (name, { rule, says }) => {
    // (process.env in domain/ breaks two rules: no globals there, and no environment outside config modules.)
    expect(messagesOf.get(name)).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: rule, message: expect.stringContaining(says) })]));
  });

  it.each(ALLOWED)('passes when %s', (name) => {
    expect(messagesOf.get(name)).toEqual([]);
  });
});
