import { runStandIns } from '../shared/main';
import { socialInsuranceStandIn } from './standIn';

void runStandIns([socialInsuranceStandIn]);
