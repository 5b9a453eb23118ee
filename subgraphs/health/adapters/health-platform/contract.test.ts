/** The FHIR health platform adapter runs the shared adapter contract against its stand-in. */
import { HttpClient } from '../../../../platform/http/client';
import { describeAdapterContract } from '../../../../tests/support/adapterContract';
import { healthPlatformStandIn } from '../../../../systems/health-platform/standIn';
import { HEALTH_PLATFORM_MAX_BATCH, HealthPlatformAdapter } from './index';

describeAdapterContract({
  standIn: healthPlatformStandIn,
  read: (client) => {
    const adapter = new HealthPlatformAdapter(new HttpClient({ system: 'HEALTH_PLATFORM', ...client }));
    return (ids) => adapter.vitalStatusMany(ids);
  },
  keysOnRecord: (p) => p.residents.map((r) => r.idNumber),
  // One Patient search per 100 identifiers (a page holds 200 entries: no second page).
  maxRequestsFor: (n) => Math.ceil(n / HEALTH_PLATFORM_MAX_BATCH),
});
