/**
 * The build output runs on its own: the gateway and a subgraph start from their bundles with plain
 * `node` (no tsx loader, node_modules/.bin off the PATH, NODE_ENV=production) and answer /healthz;
 * the image's HEALTHCHECK script and its service launcher work from the same build; npm start's
 * host of the departments serves every subgraph from one process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { envPrefix, SERVICES } from '../platform/services';
import { buildServer, type BuiltServer } from '../scripts/build';
import { HOSTED_DEPARTMENTS } from '../scripts/departments';

const ROOT = join(__dirname, '..');
// Inside the repository (dist/ is git-ignored): the bundles resolve their packages from node_modules.
const OUT_DIR = join(ROOT, 'dist', `test-compiled-${process.pid}`);
const SECRET = 'compiled-start-test-secret-of-at-least-32-characters';

let built: BuiltServer;
let dataDir: string;
const running: ChildProcess[] = [];

/** The environment of a production process: no loader, no dev tool binaries on the PATH. */
function productionEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(delimiter);
  return { PATH: path, HOME: tmpdir(), NODE_ENV: 'production', JWT_SECRET: SECRET, GATEWAY_SUBGRAPH_SECRET: SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'info', ...extra };
}

/** Starts `node <bundle>` and resolves with the URL it logs when listening. */
function startCompiled(bundle: string, env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--enable-source-maps', join(OUT_DIR, bundle)], { cwd: ROOT, env: productionEnv(env), stdio: ['ignore', 'ignore', 'pipe'] });
  running.push(child);
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const line of stderr.split('\n')) {
        const entry = line.startsWith('{') && line.endsWith('}') ? (JSON.parse(line) as { msg?: string; url?: string }) : undefined;
        if (entry?.msg === 'listening' && entry.url) resolve(entry.url.replace(/\/graphql$/, ''));
      }
    });
    child.once('exit', (code) => reject(new Error(`${bundle} exited with ${code} before listening:\n${stderr}`)));
  });
}

function healthcheck(env: Record<string, string>, url?: string) {
  return spawnSync(process.execPath, [join(OUT_DIR, 'scripts', 'healthcheck.js'), ...(url ? [url] : [])], { cwd: ROOT, env: productionEnv(env), encoding: 'utf8', timeout: 20_000 });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'compiled-start-'));
  built = await buildServer({ outDir: OUT_DIR });
}, 120_000);

afterAll(async () => {
  await Promise.all(
    running.map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      return exited;
    }),
  );
  rmSync(OUT_DIR, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the compiled services', () => {
  it('bundle only the project code, and require no dev-only package at run time', () => {
    expect(built.externals).toEqual(expect.arrayContaining(['@apollo/gateway', '@apollo/subgraph', 'better-sqlite3', 'express']));
    for (const devOnly of ['tsx', 'typescript', 'esbuild', 'jest', 'ts-jest', 'pino-pretty']) expect(built.externals).not.toContain(devOnly);
    expect(Object.keys(built.files)).toEqual(expect.arrayContaining(['gateway/main.js', 'subgraphs/hrss/main.js', 'systems/main.js', 'scripts/start.js']));
  });

  it(
    'the gateway starts from dist with plain node and answers /healthz',
    async () => {
      const url = await startCompiled('gateway/main.js', { GATEWAY_PORT: '0' });
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(200);
    },
    60_000,
  );

  it(
    'a subgraph starts through the image launcher (SERVICE_NAME) and the image HEALTHCHECK finds it on its port',
    async () => {
      const url = await startCompiled('scripts/service.js', { SERVICE_NAME: 'hrss', HRSS_PORT: '0' });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const port = new URL(url).port;
      const healthy = healthcheck({ SERVICE_NAME: 'hrss', HRSS_PORT: port });
      expect({ status: healthy.status, stderr: healthy.stderr }).toEqual({ status: 0, stderr: '' });
    },
    60_000,
  );

  it(
    "npm start's host serves every department subgraph from one process, each on its own port, and stops them all on SIGTERM",
    async () => {
      const subgraphs = SERVICES.filter((s) => s.kind === 'subgraph').map((s) => s.name);
      // A department missing from the host would not run under npm start: named here.
      expect(Object.keys(HOSTED_DEPARTMENTS).sort()).toEqual([...subgraphs].sort());
      const ports = Object.fromEntries(subgraphs.map((name) => [`${envPrefix(name)}_PORT`, '0']));
      const child = spawn(process.execPath, [join(OUT_DIR, 'scripts', 'departments.js')], {
        cwd: ROOT,
        env: productionEnv({ ...ports, HOUSEHOLD_REGISTRATION_APP_SECRET: 'compiled-start-exchange-secret' }),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      running.push(child);
      const urls = await new Promise<Record<string, string>>((resolve, reject) => {
        const found: Record<string, string> = {};
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          for (const line of stderr.split('\n')) {
            const entry = line.startsWith('{') && line.endsWith('}') ? (JSON.parse(line) as { msg?: string; url?: string; service?: string }) : undefined;
            if (entry?.msg === 'listening' && entry.url && entry.service) found[entry.service] = entry.url.replace(/\/graphql$/, '');
          }
          if (Object.keys(found).length === subgraphs.length) resolve(found);
        });
        child.once('exit', (code) => reject(new Error(`departments.js exited with ${code} before every subgraph listened:\n${stderr}`)));
      });
      expect(Object.keys(urls).sort()).toEqual([...subgraphs].sort());
      expect(new Set(Object.values(urls)).size).toBe(subgraphs.length);
      for (const url of Object.values(urls)) expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    },
    60_000,
  );

  it('the HEALTHCHECK fails, saying why, when nothing answers', () => {
    const result = healthcheck({}, 'http://127.0.0.1:1/healthz');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('http://127.0.0.1:1/healthz did not answer');
  });
});
