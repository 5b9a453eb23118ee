/**
 * The project's processes and their default ports: the public contract (DESIGN.md).
 * One list feeds `npm start`, docker-compose.yml (checked by a test), configs and tests.
 */
export type ServiceKind = 'gateway' | 'subgraph' | 'system';

export interface ServiceEntry {
  /** Service name: folder name, docker-compose service and log label. */
  name: string;
  kind: ServiceKind;
  /** Default port; overridden by the `<NAME>_PORT` environment variable. */
  port: number;
  /** Entry module, relative to the repository root. */
  entry: string;
}

export const SERVICES: readonly ServiceEntry[] = [
  { name: 'gateway', kind: 'gateway', port: 4000, entry: 'gateway/main.ts' },
  { name: 'community', kind: 'subgraph', port: 4001, entry: 'subgraphs/community/main.ts' },
  { name: 'civil-affairs', kind: 'subgraph', port: 4002, entry: 'subgraphs/civil-affairs/main.ts' },
  { name: 'hrss', kind: 'subgraph', port: 4003, entry: 'subgraphs/hrss/main.ts' },
  { name: 'health', kind: 'subgraph', port: 4004, entry: 'subgraphs/health/main.ts' },
  // Wraps no system: it reads the graph itself, so every system is read by its own department.
  { name: 'public-security', kind: 'subgraph', port: 4006, entry: 'subgraphs/public-security/main.ts' },
  { name: 'reconciliation', kind: 'subgraph', port: 4005, entry: 'subgraphs/reconciliation/main.ts' },
  { name: 'community-registry', kind: 'system', port: 4101, entry: 'systems/community-registry/main.ts' },
  { name: 'social-assistance', kind: 'system', port: 4102, entry: 'systems/social-assistance/main.ts' },
  { name: 'elderly-disability-subsidy', kind: 'system', port: 4103, entry: 'systems/elderly-disability-subsidy/main.ts' },
  { name: 'social-insurance', kind: 'system', port: 4104, entry: 'systems/social-insurance/main.ts' },
  { name: 'health-platform', kind: 'system', port: 4105, entry: 'systems/health-platform/main.ts' },
  { name: 'household-registration', kind: 'system', port: 4106, entry: 'systems/household-registration/main.ts' },
];

/** `civil-affairs` -> `CIVIL_AFFAIRS`: the prefix of a service's environment variables. */
export function envPrefix(serviceName: string): string {
  return serviceName.toUpperCase().replace(/-/g, '_');
}

export function service(name: string): ServiceEntry {
  const found = SERVICES.find((s) => s.name === name);
  if (!found) throw new Error(`Unknown service "${name}"; known services: ${SERVICES.map((s) => s.name).join(', ')}`);
  return found;
}

/** The URL a service is reached at by default on one machine. */
export function defaultUrl(name: string): string {
  return `http://127.0.0.1:${service(name).port}`;
}
