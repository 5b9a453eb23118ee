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
  command?: string[];
  profiles?: string[];
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
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
/** The gateway and every subgraph run as two replicas behind a balancer that keeps the service's name; the systems once. */
const REPLICATED = SERVICES.filter((s) => s.kind !== 'system');
const REPLICAS = [1, 2];
/** Where a service's own process runs: its replicas, or its one container. */
const containersOf = (name: string) => (REPLICATED.some((s) => s.name === name) ? REPLICAS.map((i) => `${name}-${i}`) : [name]);
const OBSERVABILITY = ['prometheus', 'grafana'];

describe('docker-compose.yml', () => {
  it('has the project services (two replicas and a balancer for the gateway and each subgraph), Redis, and the observability profile', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [...SERVICES.flatMap((s) => containersOf(s.name)), ...REPLICATED.map((s) => s.name), 'redis', ...OBSERVABILITY].sort(),
    );
  });

  it.each(SERVICES.flatMap((s) => containersOf(s.name).map((c) => [c, s] as const)))('%s is built from the Dockerfile, runs its entry on its port and is health-checked there', (container, entry) => {
    const name = entry.name;
    const svc = compose.services[container];
    expect(svc.build).toBe('.');
    expect(svc.image).toBe(compose.services['gateway-1'].image);
    expect(svc.command).toBeUndefined();
    expect(svc.environment?.SERVICE_NAME).toBe(name);
    expect(svc.environment?.[`${envPrefix(name)}_PORT`]).toBe(String(entry.port));
    const probe = entry.kind === 'gateway' ? 'readyz' : 'healthz';
    expect(svc.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${entry.port}/${probe}`);
  });

  it.each(REPLICATED.map((s) => [s.name, s] as const))('%s is a load balancer on its port over its two replicas, health-checked through them', (name, entry) => {
    const svc = compose.services[name];
    expect(svc.image).toBe(compose.services['gateway-1'].image);
    expect(svc.command).toEqual(['node', '--enable-source-maps', 'dist/platform/loadBalancer/main.js']);
    expect(TOOL_ENTRIES).toContain('platform/loadBalancer/main.ts');
    expect(svc.environment).toEqual({
      BALANCER_SERVICE: name,
      BALANCER_PORT: String(entry.port),
      BALANCER_UPSTREAMS: REPLICAS.map((i) => `http://${name}-${i}:${entry.port}`).join(','),
    });
    for (const replica of containersOf(name)) expect(svc.depends_on?.[replica]).toEqual({ condition: 'service_started' });
    expect(svc.read_only).toBe(true);
    const probe = entry.kind === 'gateway' ? 'readyz' : 'healthz';
    expect(svc.healthcheck?.test).toEqual(['CMD', 'node', 'dist/scripts/healthcheck.js', `http://127.0.0.1:${entry.port}/${probe}`]);
  });

  it('runs both replicas of a service with the same settings', () => {
    for (const s of REPLICATED) expect(compose.services[`${s.name}-2`]).toEqual(compose.services[`${s.name}-1`]);
  });

  it('runs Redis so that no acknowledged intake is lost: AOF fsynced on every write, never evicting', () => {
    const command = compose.services.redis.command!.join(' ');
    expect(command).toMatch(/--appendonly yes\b/);
    expect(command).toMatch(/--appendfsync always\b/);
    expect(command).toMatch(/--maxmemory-policy noeviction\b/);
    expect(compose.services.redis.volumes).toEqual(['redis-data:/data']);
  });

  it('has Prometheus and Grafana in the observability profile only, with the rules, dashboards and provisioning of deploy/', () => {
    for (const name of OBSERVABILITY) expect(compose.services[name].profiles).toEqual(['observability']);
    for (const [name, svc] of Object.entries(compose.services)) if (!OBSERVABILITY.includes(name)) expect(svc.profiles).toBeUndefined();
    expect(compose.services.prometheus.volumes).toEqual(
      expect.arrayContaining(['./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro', './deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro']),
    );
    expect(compose.services.prometheus.command).toContain('--config.file=/etc/prometheus/prometheus.yml');
    expect(compose.services.grafana.volumes).toEqual(
      expect.arrayContaining(['./deploy/grafana/provisioning:/etc/grafana/provisioning:ro', './deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro']),
    );
    for (const name of OBSERVABILITY) expect(compose.volumes).toHaveProperty(`${name}-data`);
  });

  it('points each subgraph at its own systems and starts it after they are healthy', () => {
    for (const system of Object.values(SYSTEMS)) {
      const svc = compose.services[`${system.department}-1`];
      const port = SERVICES.find((s) => s.name === system.service)!.port;
      expect(svc.environment?.[`${envPrefix(system.service)}_URL`]).toBe(`http://${system.service}:${port}`);
      expect(svc.depends_on?.[system.service]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('starts the gateway after every subgraph is healthy and gives it their balancers\' URLs', () => {
    const gateway = compose.services['gateway-1'];
    for (const s of SERVICES.filter((x) => x.kind === 'subgraph')) {
      expect(gateway.depends_on?.[s.name]).toEqual({ condition: 'service_healthy' });
      expect(gateway.environment?.[`${envPrefix(s.name)}_URL`]).toBe(`http://${s.name}:${s.port}`);
    }
    expect(gateway.ports).toBeUndefined();
    expect(compose.services.gateway.ports).toEqual(['4000:4000']);
    // Reconciliation reads the graph through the gateway's balancer.
    expect(compose.services['reconciliation-1'].environment?.GATEWAY_URL).toBe('http://gateway:4000');
  });

  it('gives the gateway and every subgraph the internal secret their proofs need', () => {
    const replicas = REPLICATED.flatMap((s) => containersOf(s.name));
    for (const r of replicas) expect(compose.services[r].environment?.GATEWAY_SUBGRAPH_SECRET).toMatch(/^\$\{GATEWAY_SUBGRAPH_SECRET:\?/);
    // A rotation (docs/operations.md) sets the previous secrets for every service at once; unset, none.
    for (const r of replicas) expect(compose.services[r].environment?.GATEWAY_SUBGRAPH_PREVIOUS_SECRETS).toBe('${GATEWAY_SUBGRAPH_PREVIOUS_SECRETS:-}');
    expect(compose.services['gateway-1'].environment?.JWT_PREVIOUS_SECRETS).toBe('${JWT_PREVIOUS_SECRETS:-}');
  });

  it('every entry point named exists in the repository and is built into dist/', () => {
    for (const s of SERVICES) {
      expect(() => readFileSync(join(__dirname, '..', s.entry))).not.toThrow();
      expect(SERVER_ENTRIES).toContain(s.entry);
    }
  });

  it.each(SERVICES.flatMap((s) => containersOf(s.name).map((c) => [c])))('%s runs with a read-only root, /tmp in memory, and writes only to a data volume', (name) => {
    const svc = compose.services[name];
    expect(svc.read_only).toBe(true);
    expect(svc.tmpfs).toEqual(['/tmp']);
    for (const volume of svc.volumes ?? []) expect(volume).toMatch(/^[a-z-]+-data:\/data$/);
    // The image's probe, with node: the runtime image has no curl.
    expect(svc.healthcheck?.test.slice(0, 3)).toEqual(['CMD', 'node', 'dist/scripts/healthcheck.js']);
  });

  it("publishes only the gateway's balancer, and the observability tools on this machine's loopback only", () => {
    const published = Object.entries(compose.services).filter(([, svc]) => svc.ports);
    expect(published.map(([name]) => name).sort()).toEqual(['gateway', ...OBSERVABILITY].sort());
    for (const name of OBSERVABILITY) for (const p of compose.services[name].ports!) expect(p).toMatch(/^127\.0\.0\.1:/);
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
