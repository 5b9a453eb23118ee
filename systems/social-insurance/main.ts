import { runStandIn } from '../shared/main';
import { socialInsuranceStandIn } from './standIn';

// A slower legacy system: 120 ms on every answer unless SOCIAL_INSURANCE_LATENCY_MS says otherwise.
void runStandIn(socialInsuranceStandIn, 120);
