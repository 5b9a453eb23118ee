import { runSubgraph } from '../../platform/server/runSubgraph';
import { buildHrssSubgraph } from './subgraph';

void runSubgraph('hrss', ['SOCIAL_INSURANCE'], buildHrssSubgraph);
