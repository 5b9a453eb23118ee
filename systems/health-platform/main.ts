import { runStandIn } from '../shared/main';
import { healthPlatformStandIn } from './standIn';

void runStandIn(healthPlatformStandIn);
