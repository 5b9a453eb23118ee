import { runStandIns } from '../shared/main';
import { socialAssistanceStandIn } from './standIn';

void runStandIns([socialAssistanceStandIn]);
