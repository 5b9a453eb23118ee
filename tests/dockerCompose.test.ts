/**
 * No Docker engine runs in CI, so docker-compose.yml is checked here against the project's own
 * list of services (platform/services.ts): every service present, built from the one Dockerfile,
 * on its contract port, with a healthcheck, and started only after what it depends on is healthy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SYSTEMS } from '../domain/systems';
import { envPrefix, SERVICES } from '../platform/services';

interface ComposeService {
  build?: string;
  image?: string;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
}

const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };

describe('docker-compose.yml', () => {
  it('has exactly the project services plus Redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...SERVICES.map((s) => s.name), 'redis'].sort());
  });

  it.each(SERVICES.map((s) => [s.name, s] as const))('%s is built from the Dockerfile, runs its entry on its port and is health-checked there', (name, entry) => {
    const svc = compose.services[name];
    expect(svc.build).toBe('.');
    expect(svc.environment?.SERVICE_ENTRY).toBe(entry.entry);
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
  });

  it('every entry point named exists in the repository', () => {
    for (const s of SERVICES) expect(() => readFileSync(join(__dirname, '..', s.entry))).not.toThrow();
  });
});
