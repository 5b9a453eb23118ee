/** The SOAP subsidy adapter runs the shared adapter contract against its stand-in. */
import { mapWithConcurrency } from '../../../../platform/concurrency';
import { HttpClient } from '../../../../platform/http/client';
import { describeAdapterContract } from '../../../../tests/support/adapterContract';
import { elderlyDisabilitySubsidyStandIn } from '../../../../systems/elderly-disability-subsidy/standIn';
import { SUBSIDY_CONCURRENCY } from '../../loaders';
import { SubsidyAdapter } from './index';

describeAdapterContract({
  standIn: elderlyDisabilitySubsidyStandIn,
  // The system has no batch operation: one GetSubsidyRecord per resident, as the subgraph's loader reads them.
  read: (client) => {
    const adapter = new SubsidyAdapter(new HttpClient({ system: 'ELDERLY_DISABILITY_SUBSIDY', ...client }));
    return async (ids) => {
      const records = await mapWithConcurrency(ids, SUBSIDY_CONCURRENCY, (id) => adapter.getRecord(id));
      return new Map(ids.map((id, i) => [id, records[i]]));
    };
  },
  keysOnRecord: (p) => p.residents.filter((r) => r.elderlyDisability.elderlySubsidy || r.elderlyDisability.disabilitySubsidy).map((r) => r.idNumber),
  // One call per resident, never more.
  maxRequestsFor: (n) => n,
});
