/**
 * The HR & social security subgraph: wraps the social insurance system. The adapter and its
 * HttpClient (breaker state, budget) live once per process; loaders are made per request. The
 * department's delivery worker writes population changes through to the system (pension stop,
 * funeral claim) from the intake store.
 */
import { departmentWorker } from '../../platform/delivery/startWorker';
import { HttpClient } from '../../platform/http/client';
import { createAuditStore, withAudit } from '../../platform/audit';
import { createIntakeStore } from '../../platform/intake';
import type { SubgraphConfig } from '../../platform/server/runSubgraph';
import type { RequestContext, SubgraphDefinition } from '../../platform/server/subgraph';
import { SocialInsuranceAdapter } from './adapters/social-insurance';
import { socialInsuranceDelivery } from './deliveries/socialInsurance';
import { createHrssLoaders, type HrssLoaders } from './loaders';
import { hrssResolvers } from './resolvers';

export interface HrssContext extends RequestContext {
  loaders: HrssLoaders;
  /** For the department's writes (pension stop, funeral claim). */
  socialInsurance: SocialInsuranceAdapter;
}

export function buildHrssSubgraph(config: SubgraphConfig): SubgraphDefinition<HrssContext> {
  const baseUrl = config.systemUrls.SOCIAL_INSURANCE;
  if (!baseUrl) throw new Error('The hrss subgraph needs SOCIAL_INSURANCE_URL (the social insurance system base URL).');
  // One client per process, shared by reads and deliveries: its circuit breaker must see every request.
  const socialInsurance = new SocialInsuranceAdapter(
    new HttpClient({
      system: 'SOCIAL_INSURANCE',
      baseUrl,
      timeoutMs: config.systemTimeoutMs,
      // The system is rate limited: one more attempt than usual to wait out a 429 within the budget.
      retries: 3,
    }),
  );
  const store = createIntakeStore(config.intakeStore);
  const audit = createAuditStore(config.intakeStore);
  // Every read of a @sensitive field is audited before the answer leaves (fail closed).
  return withAudit(
    {
      name: 'hrss',
      resolvers: hrssResolvers,
      context: (base) => ({ ...base, loaders: createHrssLoaders(socialInsurance), socialInsurance }),
      background: [departmentWorker('hrss', store, [socialInsuranceDelivery(socialInsurance)], config)],
      close: () => store.close(),
    },
    audit,
  );
}
