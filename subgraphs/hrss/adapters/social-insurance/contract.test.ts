/** The social insurance adapter runs the shared adapter contract against its stand-in. */
import { HttpClient } from '../../../../platform/http/client';
import { describeAdapterContract } from '../../../../tests/support/adapterContract';
import { socialInsuranceStandIn } from '../../../../systems/social-insurance/standIn';
import { MAX_PAGE_SIZE } from './description';
import { SOCIAL_INSURANCE_MAX_BATCH, SocialInsuranceAdapter } from './index';

// The hrss subgraph gives this client one retry more than the default, to wait out a 429.
const RETRIES = 3;

describeAdapterContract({
  standIn: socialInsuranceStandIn,
  read: (client) => {
    const adapter = new SocialInsuranceAdapter(new HttpClient({ system: 'SOCIAL_INSURANCE', retries: RETRIES, ...client }));
    return (ids) => adapter.lookupMany(ids);
  },
  keysOnRecord: (p) => p.residents.filter((r) => r.socialInsurance.insured).map((r) => r.idNumber),
  // One query per 100 numbers, each read in pages of 50.
  maxRequestsFor: (n) => Math.ceil(n / SOCIAL_INSURANCE_MAX_BATCH) * Math.ceil(SOCIAL_INSURANCE_MAX_BATCH / MAX_PAGE_SIZE),
  retries: RETRIES,
});
