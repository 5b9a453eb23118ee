import { runStandIn } from '../shared/main';
import { elderlyDisabilitySubsidyStandIn } from './standIn';

// A legacy SOAP system answers slower than the newer REST ones (override with ELDERLY_DISABILITY_SUBSIDY_LATENCY_MS).
void runStandIn(elderlyDisabilitySubsidyStandIn, 10);
