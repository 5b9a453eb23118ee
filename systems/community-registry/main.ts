import { runStandIn } from '../shared/main';
import { communityRegistryStandIn } from './standIn';

void runStandIn(communityRegistryStandIn);
