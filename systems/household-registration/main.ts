import { runStandIns } from '../shared/main';
import { householdRegistrationStandIn } from './standIn';

void runStandIns([householdRegistrationStandIn]);
