/** The SOAP subsidy adapter runs the shared adapter contract against its stand-in. */
import { HttpClient } from '../../../../platform/http/client';
import { describeAdapterContract } from '../../../../tests/support/adapterContract';
import { elderlyDisabilitySubsidyStandIn } from '../../../../systems/elderly-disability-subsidy/standIn';
import { SUBSIDY_MAX_IN_FLIGHT } from '../../loaders';
import { SubsidyAdapter } from './index';

describeAdapterContract({
  standIn: elderlyDisabilitySubsidyStandIn,
  // The system has no batch operation: one GetSubsidyRecord per resident, as the subgraph's loader reads them.
  read: (client) => {
    const adapter = new SubsidyAdapter(new HttpClient({ system: 'ELDERLY_DISABILITY_SUBSIDY', maxInFlight: SUBSIDY_MAX_IN_FLIGHT, ...client }));
    return async (ids) => new Map(await Promise.all(ids.map(async (id) => [id, await adapter.getRecord(id)] as const)));
  },
  keysOnRecord: (p) => p.residents.filter((r) => r.elderlyDisability.elderlySubsidy || r.elderlyDisability.disabilitySubsidy).map((r) => r.idNumber),
  // One call per resident, never more.
  maxRequestsFor: (n) => n,
});
