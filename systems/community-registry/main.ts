import { runStandIns } from '../shared/main';
import { communityRegistryStandIn } from './standIn';

void runStandIns([communityRegistryStandIn]);
