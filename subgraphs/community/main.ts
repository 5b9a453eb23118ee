import { runSubgraph } from '../../platform/server/runSubgraph';
import { buildCommunitySubgraph } from './subgraph';

void runSubgraph('community', ['COMMUNITY_REGISTRY'], buildCommunitySubgraph);
