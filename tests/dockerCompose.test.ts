/**
 * No Docker engine runs in CI, so docker-compose.yml is checked here against the project's own
 * list of services (platform/services.ts): every service present, built from the one Dockerfile,
 * on its contract port, with a healthcheck, and started only after what it depends on is healthy.
 * The Dockerfile and .dockerignore are checked for what a production image needs: a runtime stage
 * without toolchain or dev dependencies, running the compiled output as `node`, health-checked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SYSTEMS } from '../domain/systems';
import { envPrefix, SERVICES } from '../platform/services';
import { SERVER_ENTRIES, TOOL_ENTRIES } from '../scripts/build';

interface ComposeService {
  build?: string;
  image?: string;
  read_only?: boolean;
  tmpfs?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
}

const ROOT = join(__dirname, '..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };

describe('docker-compose.yml', () => {
  it('has exactly the project services plus Redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...SERVICES.map((s) => s.name), 'redis'].sort());
  });

  it.each(SERVICES.map((s) => [s.name, s] as const))('%s is built from the Dockerfile, runs its entry on its port and is health-checked there', (name, entry) => {
    const svc = compose.services[name];
    expect(svc.build).toBe('.');
    expect(svc.image).toBe(compose.services.gateway.image);
    expect(svc.environment?.SERVICE_NAME).toBe(name);
    expect(svc.environment?.[`${envPrefix(name)}_PORT`]).toBe(String(entry.port));
    const probe = entry.kind === 'gateway' ? 'readyz' : 'healthz';
    expect(svc.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${entry.port}/${probe}`);
  });

  it('points each subgraph at its own systems and starts it after they are healthy', () => {
    for (const system of Object.values(SYSTEMS)) {
      const svc = compose.services[system.department];
      const port = SERVICES.find((s) => s.name === system.service)!.port;
      expect(svc.environment?.[`${envPrefix(system.service)}_URL`]).toBe(`http://${system.service}:${port}`);
      expect(svc.depends_on?.[system.service]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('starts the gateway after every subgraph is healthy and gives it their URLs', () => {
    const gateway = compose.services.gateway;
    for (const s of SERVICES.filter((x) => x.kind === 'subgraph')) {
      expect(gateway.depends_on?.[s.name]).toEqual({ condition: 'service_healthy' });
      expect(gateway.environment?.[`${envPrefix(s.name)}_URL`]).toBe(`http://${s.name}:${s.port}`);
    }
    expect(gateway.ports).toEqual(['4000:4000']);
  });

  it('gives the gateway and every subgraph the internal secret their proofs need', () => {
    for (const s of SERVICES.filter((x) => x.kind !== 'system')) expect(compose.services[s.name].environment?.GATEWAY_SUBGRAPH_SECRET).toMatch(/^\$\{GATEWAY_SUBGRAPH_SECRET:\?/);
    // A rotation (docs/operations.md) sets the previous secrets for every service at once; unset, none.
    for (const s of SERVICES.filter((x) => x.kind !== 'system')) expect(compose.services[s.name].environment?.GATEWAY_SUBGRAPH_PREVIOUS_SECRETS).toBe('${GATEWAY_SUBGRAPH_PREVIOUS_SECRETS:-}');
    expect(compose.services.gateway.environment?.JWT_PREVIOUS_SECRETS).toBe('${JWT_PREVIOUS_SECRETS:-}');
  });

  it('every entry point named exists in the repository and is built into dist/', () => {
    for (const s of SERVICES) {
      expect(() => readFileSync(join(__dirname, '..', s.entry))).not.toThrow();
      expect(SERVER_ENTRIES).toContain(s.entry);
    }
  });

  it.each(SERVICES.map((s) => [s.name]))('%s runs with a read-only root, /tmp in memory, and writes only to a data volume', (name) => {
    const svc = compose.services[name];
    expect(svc.read_only).toBe(true);
    expect(svc.tmpfs).toEqual(['/tmp']);
    for (const volume of svc.volumes ?? []) expect(volume).toMatch(/^[a-z-]+-data:\/data$/);
    // The image's probe, with node: the runtime image has no curl.
    expect(svc.healthcheck?.test.slice(0, 3)).toEqual(['CMD', 'node', 'dist/scripts/healthcheck.js']);
  });

  it('publishes only the gateway', () => {
    expect(Object.entries(compose.services).filter(([, svc]) => svc.ports).map(([name]) => name)).toEqual(['gateway']);
  });
});

describe('Dockerfile', () => {
  const stages = dockerStages(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const runtime = stages[stages.length - 1];
  const stage = (name: string) => stages.find((s) => s.name === name)!;
  const args = (i: Instruction) => i.args.split(/\s+/);

  it('is multi-stage, and the runtime stage starts from a plain Node image, not from the toolchain', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime.from).toMatch(/^node:20-[a-z]+-slim$/);
    for (const run of runtime.instructions.filter((i) => i.op === 'RUN')) expect(run.args).not.toMatch(/apt-get install|python3|g\+\+|npm (ci|install)/);
  });

  it('runs as the unprivileged node user with NODE_ENV=production', () => {
    expect(runtime.instructions.filter((i) => i.op === 'USER').map((i) => i.args)).toEqual(['node']);
    expect(runtime.instructions.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ')).toMatch(/\bNODE_ENV=production\b/);
  });

  it("health-checks each service with node and the service's own probe", () => {
    const check = runtime.instructions.find((i) => i.op === 'HEALTHCHECK');
    expect(check?.args).toMatch(/CMD \["node", "dist\/scripts\/healthcheck\.js"\]$/);
    expect(TOOL_ENTRIES).toContain('scripts/healthcheck.ts');
  });

  it('runs the compiled output with node: no tsx, no TypeScript at run time', () => {
    const cmd = JSON.parse(runtime.instructions.find((i) => i.op === 'CMD')!.args) as string[];
    expect(cmd[0]).toBe('node');
    expect(cmd.join(' ')).not.toMatch(/tsx|\.ts\b|typescript/);
    expect(cmd[cmd.length - 1]).toBe('dist/scripts/service.js');
    expect(TOOL_ENTRIES).toContain('scripts/service.ts');
  });

  it('copies into the runtime only production dependencies, dist/ and the files the services read', () => {
    const copies = runtime.instructions.filter((i) => i.op === 'COPY').map((i) => args(i).filter((a) => !a.startsWith('--chown')));
    const sources = copies.map((a) => a.slice(0, -1).join(' '));
    expect(sources.sort()).toEqual(['--from=build /app/dist', '--from=deps /app/node_modules', 'gateway/edge/persisted-operations.json', 'package.json package-lock.json', 'schema'].sort());
    // node_modules comes from a stage that installed with --omit=dev from the lockfile.
    const deps = stage('deps');
    expect(deps.instructions.filter((i) => i.op === 'RUN').map((i) => i.args).join(' ')).toMatch(/\bnpm ci --omit=dev\b/);
    expect(deps.instructions.some((i) => i.op === 'COPY' && i.args.includes('.') && !i.args.includes('package'))).toBe(false);
    // dist/ comes from the stage that built it.
    expect(stage('build').instructions.some((i) => i.op === 'RUN' && /\bnpm run build\b/.test(i.args))).toBe(true);
  });

  it('keeps data as the one volume, writable by node', () => {
    expect(runtime.instructions.filter((i) => i.op === 'VOLUME').map((i) => i.args)).toEqual(['/data']);
    expect(runtime.instructions.some((i) => i.op === 'RUN' && /chown node:node \/data/.test(i.args))).toBe(true);
    expect(runtime.instructions.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ')).toMatch(/\bDATA_DIR=\/data\b/);
  });
});

describe('.dockerignore', () => {
  const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('keeps dependencies, data, build output, git history and local secrets out of the build context', () => {
    for (const path of ['node_modules', 'data', 'dist', '.git', '.env']) expect(ignored).toContain(path);
  });
});

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** The Dockerfile's stages and their instructions (comments dropped, continuation lines joined). */
function dockerStages(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op, args] = /^(\w+)\s+(.*)$/.exec(line)!;
    if (op.toUpperCase() === 'FROM') {
      const [from, , name] = args.split(/\s+/);
      stages.push({ from, name, instructions: [] });
    } else stages[stages.length - 1].instructions.push({ op: op.toUpperCase(), args: args.trim() });
  }
  return stages;
}
