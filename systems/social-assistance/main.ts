import { runStandIn } from '../shared/main';
import { socialAssistanceStandIn } from './standIn';

void runStandIn(socialAssistanceStandIn, 0);
