/**
 * The health subgraph: wraps the health information platform (FHIR). The adapter and its
 * HttpClient (breaker state, budget) live once per process; loaders are made per request.
 */
import { HttpClient } from '../../platform/http/client';
import type { SubgraphConfig } from '../../platform/server/runSubgraph';
import type { RequestContext, SubgraphDefinition } from '../../platform/server/subgraph';
import { HealthPlatformAdapter } from './adapters/health-platform';
import { createHealthLoaders, type HealthLoaders } from './loaders';
import { healthResolvers } from './resolvers';

export interface HealthContext extends RequestContext {
  loaders: HealthLoaders;
  /** For the department's writes (death registration, ending family-planning assistance). */
  healthPlatform: HealthPlatformAdapter;
}

export function buildHealthSubgraph(config: SubgraphConfig): SubgraphDefinition<HealthContext> {
  const healthPlatform = new HealthPlatformAdapter(
    new HttpClient({ system: 'HEALTH_PLATFORM', baseUrl: config.systemUrls.HEALTH_PLATFORM!, timeoutMs: config.systemTimeoutMs }),
  );
  return {
    name: 'health',
    resolvers: healthResolvers,
    context: (base) => ({ ...base, loaders: createHealthLoaders(healthPlatform), healthPlatform }),
  };
}
