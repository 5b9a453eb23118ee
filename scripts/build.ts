/**
 * npm run build: the JavaScript production runs, in dist/ (git-ignored).
 *  - each service's entry (platform/services.ts), the development host of the stand-ins, and the
 *    operations scripts bundled by esbuild into dist/<source path>.js with a linked source map
 *    (run with `node --enable-source-maps`: stack traces name the .ts lines);
 *  - the community pages into dist/web (scripts/buildWeb.ts).
 *
 * Only the project's own code is bundled: every npm package stays an external `require`
 * resolved from node_modules at run time (better-sqlite3 is a native module, and the Apollo
 * packages must be loaded once each, as their authors ship them). esbuild, not tsc: one
 * bundle per entry loads one file instead of some 300 modules, builds all entries in about a
 * second, and is already the pages' bundler. Type checking stays `npm run typecheck`.
 */
import { build, type Metafile } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DIST_DIR, PROJECT_ROOT } from '../platform/paths';
import { SERVICES } from '../platform/services';
import { buildWeb } from './buildWeb';

/** Besides the services: what `npm start` and the image run from dist/. */
export const TOOL_ENTRIES = [
  'systems/main.ts', // every stand-in in one process (npm start)
  'scripts/start.ts', // npm start's supervisor
  'scripts/departments.ts', // every department subgraph in one process (npm start)
  'scripts/identity/main.ts', // the embedded OpenID provider (npm start, development only: oidc-provider is a dev dependency, not in the image)
  'scripts/service.ts', // the image's command: the service named by SERVICE_NAME
  'scripts/healthcheck.ts', // the image's HEALTHCHECK
  'scripts/verifyAudit.ts', // audit:verify in production
  'scripts/archiveAudit.ts', // audit:archive in production
  'platform/audit/sqliteWriter.worker.ts', // the audit log's writer thread (started by platform/audit/sqliteWriter.ts)
  'platform/loadBalancer/main.ts', // the balancer in front of a service's replicas (docker-compose.yml)
] as const;

export const SERVER_ENTRIES: readonly string[] = [...SERVICES.map((s) => s.entry), ...TOOL_ENTRIES];

/** Packages that must never reach a production process (dev-only tooling). */
const DEV_ONLY_PACKAGES = ['tsx', 'typescript', 'esbuild', 'ts-jest', 'jest', 'pino-pretty'];

export interface BuildServerOptions {
  /** @default dist */
  outDir?: string;
}

export interface BuiltServer {
  outDir: string;
  /** Output file (relative to outDir) -> bytes, source maps excluded. */
  files: Record<string, number>;
  /** npm packages the bundles require at run time. */
  externals: string[];
}

export async function buildServer(options: BuildServerOptions = {}): Promise<BuiltServer> {
  const outDir = options.outDir ?? DIST_DIR;
  // Only the folders this build writes: dist/web belongs to the pages' build.
  for (const top of new Set(SERVER_ENTRIES.map((e) => e.split('/')[0]))) rmSync(join(outDir, top), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [...SERVER_ENTRIES],
    outbase: PROJECT_ROOT,
    outdir: outDir,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    // Stack traces need the mappings, not a second copy of the sources.
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  checkEntryGuards(result.metafile);
  const externals = [...new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external && !i.path.startsWith('node:')).map((i) => packageOf(i.path))))].sort();
  const devOnly = externals.filter((p) => DEV_ONLY_PACKAGES.includes(p));
  if (devOnly.length) throw new Error(`the production bundles require dev-only package(s) ${devOnly.join(', ')}: import them from scripts run by tsx only`);
  const files: Record<string, number> = {};
  for (const [file, o] of Object.entries(result.metafile.outputs)) if (!file.endsWith('.map')) files[relative(outDir, join(PROJECT_ROOT, file))] = o.bytes;
  return { outDir, files, externals };
}

/** `@apollo/server/plugin/disabled` -> `@apollo/server`; `zod` -> `zod`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * In a bundle every module shares the entry's `module`, so a `require.main === module` guard in
 * an imported file (a script's "run when called directly") would fire inside a service.
 */
function checkEntryGuards(metafile: Metafile): void {
  for (const output of Object.values(metafile.outputs)) {
    for (const input of Object.keys(output.inputs)) {
      if (input === output.entryPoint || input.includes('node_modules')) continue;
      if (readFileSync(join(PROJECT_ROOT, input), 'utf8').includes('require.main === module')) {
        throw new Error(`${input} runs itself when it is the main module, and ${output.entryPoint} bundles it: move the script part out of that module`);
      }
    }
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { 'server-only': { type: 'boolean', default: false } } });
  const started = Date.now();
  Promise.all([buildServer(), values['server-only'] ? undefined : buildWeb()])
    .then(([server]) => {
      const kb = Object.values(server.files).reduce((n, b) => n + b, 0) / 1024;
      console.log(`built ${Object.keys(server.files).length} entries (${kb.toFixed(0)} kB)${values['server-only'] ? '' : ' and the pages'} in ${((Date.now() - started) / 1000).toFixed(1)} s into ${relative(process.cwd(), server.outDir) || '.'}`);
    })
    .catch((err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
