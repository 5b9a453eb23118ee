/** The social assistance adapter runs the shared adapter contract against its stand-in. */
import { HttpClient } from '../../../../platform/http/client';
import { describeAdapterContract } from '../../../../tests/support/adapterContract';
import { socialAssistanceStandIn } from '../../../../systems/social-assistance/standIn';
import { SOCIAL_ASSISTANCE_BATCH_LIMIT, SocialAssistanceAdapter } from './index';

describeAdapterContract({
  standIn: socialAssistanceStandIn,
  read: (client) => {
    const adapter = new SocialAssistanceAdapter(new HttpClient({ system: 'SOCIAL_ASSISTANCE', ...client }));
    return (ids) => adapter.lookupMany(ids);
  },
  keysOnRecord: (p) => p.residents.filter((r) => r.socialAssistance.subsistenceAllowance || r.socialAssistance.specialHardship).map((r) => r.idNumber),
  // One batch-lookup per 100 residents.
  maxRequestsFor: (n) => Math.ceil(n / SOCIAL_ASSISTANCE_BATCH_LIMIT),
});
