import { runSubgraph } from '../../platform/server/runSubgraph';
import { buildHealthSubgraph } from './subgraph';

void runSubgraph('health', ['HEALTH_PLATFORM'], buildHealthSubgraph);
