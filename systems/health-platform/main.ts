import { runStandIns } from '../shared/main';
import { healthPlatformStandIn } from './standIn';

void runStandIns([healthPlatformStandIn]);
