/** Test support: the community subgraph on port 0 in front of a real registry stand-in. */
import type { Caller } from '../../platform/auth/caller';
import { fetchAsGateway } from './asGateway';
import { departmentConfig, serveDepartment } from '../../platform/department';
import { communityRegistryStandIn } from '../../systems/community-registry/standIn';
import type { FaultSettings } from '../../systems/shared/faults';
import { startStandIn, type StartedStandIn } from './standIns';
import { communityDepartment } from '../../subgraphs/community/subgraph';

export interface GraphQLReply<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>;
}

export interface CommunityUnderTest {
  registry: StartedStandIn;
  /** Sends the operation as the gateway would, for `caller` (a civil-affairs caller unless told). */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLReply<T>>;
  /** Requests the registry served since the last reset, by kind. */
  registryCalls(): Record<string, number>;
  fault(mode: FaultSettings['mode']): Promise<void>;
  close(): Promise<void>;
}

export async function startCommunity(): Promise<CommunityUnderTest> {
  const registry = await startStandIn(communityRegistryStandIn);
  const config = departmentConfig(communityDepartment, { COMMUNITY_REGISTRY_URL: registry.url, SYSTEM_TIMEOUT_MS: '1500' });
  const subgraph = await serveDepartment(communityDepartment, config, { port: 0 });
  return {
    registry,
    async query(query, variables, caller) {
      const res = await fetchAsGateway('community', `${subgraph.url}/graphql`, { query, variables }, { caller });
      return res.json();
    },
    registryCalls() {
      const calls = registry.ctx.stats.snapshot().byKind;
      registry.ctx.stats.reset();
      return calls;
    },
    async fault(mode) {
      await fetch(`${registry.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) });
    },
    async close() {
      subgraph.server.closeAllConnections();
      await subgraph.close();
      await registry.close();
    },
  };
}
