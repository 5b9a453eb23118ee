/** The household registration adapter runs the shared adapter contract against its stand-in (every request signed, as the subgraph signs it). */
import { HttpClient } from '../../../../platform/http/client';
import { describeAdapterContract } from '../../../../tests/support/adapterContract';
import { householdRegistrationStandIn } from '../../../../systems/household-registration/standIn';
import { HOUSEHOLD_REGISTRATION_MAX_BATCH, HouseholdRegistrationAdapter } from './index';

// The development exchange's application: the stand-in accepts it when HOUSEHOLD_REGISTRATION_APP_* are unset, as here.
const DEVELOPMENT_APP = { key: 'resident-graph-dev', secret: 'development-exchange-secret-not-for-production' };

describeAdapterContract({
  standIn: householdRegistrationStandIn,
  read: (client) => {
    const adapter = new HouseholdRegistrationAdapter(new HttpClient({ system: 'HOUSEHOLD_REGISTRATION', ...client }), DEVELOPMENT_APP);
    return (ids) => adapter.lookupMany(ids);
  },
  // The system holds a registration for every resident of the district.
  keysOnRecord: (p) => p.residents.map((r) => r.idNumber),
  maxRequestsFor: (n) => Math.ceil(n / HOUSEHOLD_REGISTRATION_MAX_BATCH),
});
