import { runStandIns } from '../shared/main';
import { elderlyDisabilitySubsidyStandIn } from './standIn';

void runStandIns([elderlyDisabilitySubsidyStandIn]);
