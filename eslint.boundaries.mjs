/**
 * README's "may import" table (Layout) as lint rules: `npm run lint` fails on an import across a
 * boundary, naming the rule and what to do instead, and on an import loop (import-x/no-cycle:
 * modules that need each other's values at load time). tests/lintBoundaries.test.ts proves each rule
 * on a fixture tree (a forbidden import fails, an allowed one passes).
 *
 * Zones are paths relative to the folder ESLint runs in (the project root for `npm run lint`).
 * The departments and the systems each one owns are read from the tree itself (a department is
 * a folder under subgraphs/, its systems the folders under its adapters/), so a new department
 * is covered the day its folder exists.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

const ROOT = import.meta.dirname;
const folders = (path) => (existsSync(path) ? readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : []);

/** Each department (subgraphs/<name>) and the systems its adapters reach (subgraphs/<name>/adapters/<system>). */
const DEPARTMENTS = folders(join(ROOT, 'subgraphs')).map((name) => ({ name, systems: folders(join(ROOT, 'subgraphs', name, 'adapters')) }));
/** Folders under systems/ every system may use; the others are one stand-in each. */
const SHARED_SYSTEM_FOLDERS = ['shared', 'seed'];
const STAND_INS = folders(join(ROOT, 'systems')).filter((name) => !SHARED_SYSTEM_FOLDERS.includes(name));

/** Folders that ship: none of them imports tests, scripts or benchmarks. */
const PRODUCTION = ['contract', 'domain', 'platform', 'gateway', 'subgraphs', 'systems', 'web'];
const TEST_FILES = ['**/*.test.ts'];
const SEE = ' (README: Layout)';

/** The zones of import-x/no-restricted-paths; `tests` relaxes what unit tests beside the code need. */
function zones({ tests }) {
  const zones = [];
  for (const { name, systems } of DEPARTMENTS) {
    const others = DEPARTMENTS.filter((d) => d.name !== name).map((d) => `subgraphs/${d.name}`);
    if (others.length) {
      zones.push({ target: `subgraphs/${name}`, from: others, message: `A subgraph imports no other subgraph: share code through platform/ or domain/, and read another department's data through the gateway${SEE}.` });
    }
    zones.push(
      tests
        ? {
            target: `subgraphs/${name}`,
            from: 'systems',
            except: [...SHARED_SYSTEM_FOLDERS, ...systems].map((s) => `./${s}`),
            message: `A department's tests start only the stand-ins of its own systems (${systems.join(', ') || 'none'}), with systems/shared and systems/seed${SEE}.`,
          }
        : { target: `subgraphs/${name}`, from: 'systems', message: `A subgraph reaches its systems over their protocol, through its adapters/, never by importing a stand-in's code${SEE}.` },
    );
  }
  zones.push(
    { target: 'platform', from: ['contract', 'subgraphs', 'systems', 'gateway', 'web'], message: `platform/ imports only domain/: a department, a stand-in, the gateway or a page plugs into the platform, never the other way${SEE}.` },
    { target: 'domain', from: ['contract', 'platform', 'gateway', 'subgraphs', 'systems', 'web', 'tests', 'scripts', 'bench'], message: `domain/ imports nothing but domain/ and libraries: it is what every part, the pages included, agrees on${SEE}.` },
    { target: 'contract', from: ['platform', 'gateway', 'subgraphs', 'systems', 'web'], message: `contract/ (operation texts shared by clients and the gateway) imports only domain/${SEE}.` },
    { target: 'gateway', from: ['subgraphs', 'systems', 'web'], message: `The gateway imports no subgraph, stand-in or page module: operation texts it shares with them live in contract/${SEE}.` },
    { target: 'systems', from: ['subgraphs', 'gateway', 'web', 'contract'], message: `A stand-in imports only systems/shared, systems/seed, platform/ and domain/: it plays a department's existing system, which knows nothing of the graph${SEE}.` },
    { target: 'systems/seed', from: ['platform', 'systems'], except: ['./seed'], message: `systems/seed imports only domain/: the synthetic population is data${SEE}.` },
    { target: 'web', from: ['gateway', 'subgraphs', 'systems'], message: `A page imports only web/, contract/, domain/ and the browser-safe platform/csv.ts and platform/concurrency.ts${SEE}.` },
    { target: 'web', from: 'platform', except: ['./csv.ts', './concurrency.ts'], message: `A page imports only web/, contract/, domain/ and the browser-safe platform/csv.ts and platform/concurrency.ts${SEE}.` },
  );
  for (const system of STAND_INS) {
    zones.push({ target: `systems/${system}`, from: 'systems', except: [...SHARED_SYSTEM_FOLDERS, system].map((s) => `./${s}`), message: `A stand-in imports no other stand-in, only systems/shared and systems/seed${SEE}.` });
  }
  zones.push({ target: 'systems/shared', from: 'systems', except: SHARED_SYSTEM_FOLDERS.map((s) => `./${s}`), message: `systems/shared serves every stand-in and imports none of them${SEE}.` });
  if (!tests) {
    zones.push({ target: PRODUCTION, from: ['tests', 'scripts', 'bench'], message: `Code that ships imports no test helper, script or benchmark: test helpers live under tests/support${SEE}.` });
  }
  return zones;
}

/** The libraries that do I/O (a store, a server, a client, files): none of them in domain/, nor Node's built-in modules. */
const IO_LIBRARIES = ['better-sqlite3', 'ioredis', 'express', 'undici', 'exceljs', 'qrcode', '@apollo/server', '@apollo/gateway', 'playwright-core'];
const IO_GLOBALS = ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'process', 'require', 'localStorage', 'sessionStorage', 'indexedDB'];

/** Modules that may read the environment: each service's config, and what never ships. */
const CONFIG_MODULES = [
  'platform/config.ts',
  'gateway/config.ts',
  'subgraphs/*/config.ts',
  'systems/*/config.ts',
  'scripts/**',
  'tests/**',
  'bench/**',
  '**/*.test.ts',
  '**/*.js',
  '**/*.mjs',
  '*.config.ts',
];
const ENV_MESSAGE = 'Only config modules read process.env (platform/config.ts, gateway/config.ts, subgraphs/*/config.ts, systems/*/config.ts): parse it there once with zod and pass the typed config in (README: Configuration).';

export default [
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
      // no-cycle reads the imported modules too: they are TypeScript.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  { files: ['**/*.ts'], ignores: TEST_FILES, rules: { 'import-x/no-restricted-paths': ['error', { zones: zones({ tests: false }) }] } },
  { files: TEST_FILES, rules: { 'import-x/no-restricted-paths': ['error', { zones: zones({ tests: true }) }] } },
  {
    files: ['**/*.ts'],
    ignores: CONFIG_MODULES,
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: ENV_MESSAGE }],
      'no-restricted-imports': ['error', { paths: ['process', 'node:process'].map((name) => ({ name, importNames: ['env'], message: ENV_MESSAGE })) }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'import-x/no-nodejs-modules': ['error'],
      'no-restricted-imports': ['error', { paths: IO_LIBRARIES.map((name) => ({ name, message: 'domain/ does no I/O: it is shared by every service and bundled into the pages; do the I/O in platform/, a subgraph or a stand-in.' })) }],
      'no-restricted-globals': ['error', ...IO_GLOBALS.map((name) => ({ name, message: 'domain/ does no I/O and reads no environment: take what you need as a parameter.' }))],
    },
  },
];
