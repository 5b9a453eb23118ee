/**
 * The health subgraph: wraps the health information platform (FHIR). The adapter and its
 * HttpClient (breaker state, budget) live once per process; loaders are made per request. The
 * department's delivery worker writes population changes through to the platform (death
 * registration, end of family-planning assistance) from the intake store.
 */
import { departmentWorker } from '../../platform/delivery/startWorker';
import { HttpClient } from '../../platform/http/client';
import { createAuditStore, withAudit } from '../../platform/audit';
import { createIntakeStore } from '../../platform/intake';
import type { SubgraphConfig } from '../../platform/server/runSubgraph';
import type { RequestContext, SubgraphDefinition } from '../../platform/server/subgraph';
import { HealthPlatformAdapter } from './adapters/health-platform';
import { healthPlatformDelivery } from './deliveries/healthPlatform';
import { createHealthLoaders, type HealthLoaders } from './loaders';
import { healthResolvers } from './resolvers';

export interface HealthContext extends RequestContext {
  loaders: HealthLoaders;
  /** For the department's writes (death registration, ending family-planning assistance) and whole-platform reads. */
  healthPlatform: HealthPlatformAdapter;
}

export function buildHealthSubgraph(config: SubgraphConfig): SubgraphDefinition<HealthContext> {
  const baseUrl = config.systemUrls.HEALTH_PLATFORM;
  if (!baseUrl) throw new Error('The health subgraph needs HEALTH_PLATFORM_URL (the health information platform base URL).');
  // One client per process, shared by reads and deliveries: its circuit breaker must see every request.
  const healthPlatform = new HealthPlatformAdapter(new HttpClient({ system: 'HEALTH_PLATFORM', baseUrl, timeoutMs: config.systemTimeoutMs }));
  const store = createIntakeStore(config.intakeStore);
  const audit = createAuditStore(config.intakeStore);
  // Every read of a @sensitive field is audited before the answer leaves (fail closed).
  return withAudit(
    {
      name: 'health',
      resolvers: healthResolvers,
      context: (base) => ({ ...base, loaders: createHealthLoaders(healthPlatform), healthPlatform }),
      background: [departmentWorker('health', store, [healthPlatformDelivery(healthPlatform)], config)],
      close: () => store.close(),
    },
    audit,
  );
}
