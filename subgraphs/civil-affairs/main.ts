import { runSubgraph } from '../../platform/server/runSubgraph';
import { buildCivilAffairsSubgraph } from './subgraph';

void runSubgraph('civil-affairs', ['SOCIAL_ASSISTANCE', 'ELDERLY_DISABILITY_SUBSIDY'], buildCivilAffairsSubgraph);
