/**
 * The whole system in one test process, every part on its own port 0 with real HTTP between
 * them: six stand-ins, the department subgraphs, reconciliation, the gateway. Always `await stack.close()` in afterAll.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../platform/auth/caller';
import { DEVELOPMENT_GATEWAY_SECRET } from '../../platform/auth/secrets';
import { mintServiceToken } from '../../platform/auth/serviceTokens';
import { DEVELOPMENT_JWT_SECRET, mintToken } from '../../platform/auth/tokens';
import { SYSTEMS, type SystemName } from '../../domain/systems';
import { envPrefix } from '../../platform/services';
import { listen, type RunningServer } from '../../platform/server/listen';
import { departmentConfig, serveDepartment } from '../../platform/department';
import { startStandIn, type StartedStandIn } from './standIns';
import type { StandInDefinition } from '../../systems/shared/standIn';
import type { StatsSnapshot } from '../../systems/shared/stats';
import type { FaultSettings } from '../../systems/shared/faults';
import { createGateway } from '../../gateway/app';
import { gatewayConfig } from '../../gateway/config';
import { communityRegistryStandIn } from '../../systems/community-registry/standIn';
import { socialAssistanceStandIn } from '../../systems/social-assistance/standIn';
import { elderlyDisabilitySubsidyStandIn } from '../../systems/elderly-disability-subsidy/standIn';
import { socialInsuranceStandIn } from '../../systems/social-insurance/standIn';
import { healthPlatformStandIn } from '../../systems/health-platform/standIn';
import { householdRegistrationStandIn } from '../../systems/household-registration/standIn';
import { communityDepartment } from '../../subgraphs/community/subgraph';
import { civilAffairsDepartment } from '../../subgraphs/civil-affairs/subgraph';
import { hrssDepartment } from '../../subgraphs/hrss/subgraph';
import { healthDepartment } from '../../subgraphs/health/subgraph';
import { exchangeAppConfig } from '../../subgraphs/public-security/config';
import { publicSecurityDepartment } from '../../subgraphs/public-security/subgraph';
import { reconciliationDepartment } from '../../subgraphs/reconciliation/subgraph';

const STAND_INS: Record<SystemName, StandInDefinition> = {
  COMMUNITY_REGISTRY: communityRegistryStandIn,
  SOCIAL_ASSISTANCE: socialAssistanceStandIn,
  ELDERLY_DISABILITY_SUBSIDY: elderlyDisabilitySubsidyStandIn,
  SOCIAL_INSURANCE: socialInsuranceStandIn,
  HEALTH_PLATFORM: healthPlatformStandIn,
  HOUSEHOLD_REGISTRATION: householdRegistrationStandIn,
};

/** Each department served on port 0 from the stack's environment, as its own process would serve itself (Redis mode: used proofs remembered in Redis). */
const DEPARTMENTS: Record<string, (env: NodeJS.ProcessEnv) => Promise<RunningServer>> = {
  community: (env) => serveDepartment(communityDepartment, departmentConfig(communityDepartment, env), { port: 0 }),
  'civil-affairs': (env) => serveDepartment(civilAffairsDepartment, departmentConfig(civilAffairsDepartment, env), { port: 0 }),
  hrss: (env) => serveDepartment(hrssDepartment, departmentConfig(hrssDepartment, env), { port: 0 }),
  health: (env) => serveDepartment(healthDepartment, departmentConfig(healthDepartment, env), { port: 0 }),
  'public-security': (env) => {
    const publicSecurity = publicSecurityDepartment(exchangeAppConfig(env));
    return serveDepartment(publicSecurity, departmentConfig(publicSecurity, env), { port: 0 });
  },
};

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>;
}

/** The purpose stack.query declares unless told otherwise (reads of personal data need one). */
export const TEST_PURPOSE = 'automated test of the resident graph';

export interface QueryOptions {
  /** The X-Purpose header; null sends none. @default TEST_PURPOSE */
  purpose?: string | null;
}

export interface Stack {
  gatewayUrl: string;
  /** The environment the in-process subgraphs were configured with (for a subgraph started elsewhere). */
  subgraphEnv: NodeJS.ProcessEnv;
  dataDir: string;
  systems: Record<SystemName, StartedStandIn>;
  /** Each subgraph by name: close one to take it away. */
  subgraphs: Record<string, RunningServer>;
  token(role: Role, community?: string): Promise<string>;
  /** The token reconciliation reads the graph with (a service token, signed with the internal secret). */
  serviceToken(): Promise<string>;
  /** POST a GraphQL operation to the gateway (as supervision unless a token is given); `token: null` sends none. */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null, options?: QueryOptions): Promise<GraphQLResponse<T>>;
  stats(system: SystemName): Promise<StatsSnapshot>;
  /** Total protocol requests served by every stand-in. */
  totalSystemRequests(): Promise<number>;
  fault(system: SystemName, settings: Partial<FaultSettings> & { mode: FaultSettings['mode'] }): Promise<void>;
  close(): Promise<void>;
}

/**
 * A per-call system budget for tests that run reconciliation: it reads every system's whole
 * population, and in the test process the gateway, every subgraph and every stand-in share one
 * event loop, which on a loaded 2-core CI machine stalls long enough to push one SOAP call past a
 * budget of a few seconds (seen: SYSTEM_TIMEOUT on ELDERLY_DISABILITY_SUBSIDY at 5 s).
 */
export const RECONCILIATION_SYSTEM_TIMEOUT_MS = 15_000;

export interface StackOptions {
  /** Budget of one system call from a subgraph (SYSTEM_TIMEOUT_MS). @default 2000 */
  systemTimeoutMs?: number;
  /** Extra environment for the subgraphs (REDIS_URL, DELIVERY_*, INTAKE_WAIT_MS...). */
  subgraphEnv?: NodeJS.ProcessEnv;
  /** Subgraphs run elsewhere (e.g. a child process the test kills), by name: the gateway uses this URL. */
  externalSubgraphs?: Record<string, string>;
  /** Extra environment for the gateway (PERSISTED_OPERATIONS_FILE...). */
  gatewayEnv?: NodeJS.ProcessEnv;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'resident-graph-'));
  const systems = {} as Record<SystemName, StartedStandIn>;
  await Promise.all(
    (Object.keys(STAND_INS) as SystemName[]).map(async (name) => {
      systems[name] = await startStandIn(STAND_INS[name], { dataDir });
    }),
  );
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SYSTEM_TIMEOUT_MS: String(options.systemTimeoutMs ?? 2000),
    // Quick retries, so fault tests settle in seconds; each test may override.
    DELIVERY_BACKOFF_MS: '100',
    DELIVERY_BACKOFF_MAX_MS: '500',
    DELIVERY_POLL_MS: '50',
    // Tests count system calls and inject faults into the stand-ins: each reads the systems unless it turns the cache on (tests/systemRecordCache.test.ts).
    SYSTEM_CACHE: 'off',
    ...options.subgraphEnv,
  };
  for (const name of Object.keys(systems) as SystemName[]) env[`${envPrefix(SYSTEMS[name].service)}_URL`] = systems[name].url;

  const subgraphs: Record<string, RunningServer> = {};
  for (const [name, serve] of Object.entries(DEPARTMENTS)) {
    if (!options.externalSubgraphs?.[name]) subgraphs[name] = await serve(env);
  }
  // Reconciliation reads the graph through the gateway, which starts after it: bind the URL late.
  let gatewayUrl = '';
  const reconciliation = reconciliationDepartment({ gatewayUrl: () => gatewayUrl, timeoutMs: 30_000 });
  subgraphs.reconciliation = await serveDepartment(reconciliation, departmentConfig(reconciliation, env), { port: 0 });
  const gatewayEnv: NodeJS.ProcessEnv = { NODE_ENV: 'test', SUPERGRAPH_FILE: join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), ...options.gatewayEnv };
  for (const [name, running] of Object.entries(subgraphs)) gatewayEnv[`${envPrefix(name)}_URL`] = running.url;
  for (const [name, url] of Object.entries(options.externalSubgraphs ?? {})) gatewayEnv[`${envPrefix(name)}_URL`] = url;
  const gateway = await createGateway(gatewayConfig(gatewayEnv));
  const gatewayServer = await listen(gateway.app, 0);
  gatewayUrl = gatewayServer.url;

  const admin = (system: SystemName, path: string, init?: RequestInit) => fetch(`${systems[system].url}/__admin/${path}`, init).then((r) => r.json());

  return {
    gatewayUrl: gatewayServer.url,
    subgraphEnv: env,
    dataDir,
    systems,
    subgraphs,
    token: (role, community) => mintToken(DEVELOPMENT_JWT_SECRET, { role, community }),
    serviceToken: () => mintServiceToken(DEVELOPMENT_GATEWAY_SECRET, 'reconciliation'),
    async query(query, variables, token, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== null) headers.authorization = `Bearer ${token ?? (await mintToken(DEVELOPMENT_JWT_SECRET, { role: 'supervision' }))}`;
      const purpose = options.purpose === undefined ? TEST_PURPOSE : options.purpose;
      if (purpose !== null) headers['x-purpose'] = purpose;
      const res = await fetch(`${gatewayServer.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return { status: res.status, ...(await res.json()) };
    },
    stats: (system) => admin(system, 'stats') as Promise<StatsSnapshot>,
    async totalSystemRequests() {
      const all = await Promise.all((Object.keys(systems) as SystemName[]).map((s) => admin(s, 'stats') as Promise<StatsSnapshot>));
      return all.reduce((sum, s) => sum + s.total, 0);
    },
    async fault(system, settings) {
      await admin(system, 'faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) });
    },
    async close() {
      gatewayServer.server.closeAllConnections();
      await gatewayServer.close();
      await gateway.stop();
      for (const s of Object.values(subgraphs)) {
        s.server.closeAllConnections();
        await s.close();
      }
      await Promise.all(Object.values(systems).map((s) => s.close()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
