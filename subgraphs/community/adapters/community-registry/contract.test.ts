/** The community registry adapter runs the shared adapter contract against its stand-in. */
import { HttpClient } from '../../../../platform/http/client';
import { describeAdapterContract } from '../../../../tests/support/adapterContract';
import { communityRegistryStandIn } from '../../../../systems/community-registry/standIn';
import { CommunityRegistryAdapter, LOOKUP_MAX } from './index';

describeAdapterContract({
  standIn: communityRegistryStandIn,
  read: (client) => {
    const adapter = new CommunityRegistryAdapter(new HttpClient({ system: 'COMMUNITY_REGISTRY', ...client }));
    return (ids) => adapter.lookupMany(ids);
  },
  keysOnRecord: (p) => p.residents.map((r) => r.idNumber),
  // One lookup per 200 residents.
  maxRequestsFor: (n) => Math.ceil(n / LOOKUP_MAX),
});
