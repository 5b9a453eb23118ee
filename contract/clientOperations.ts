/**
 * Every operation the project's own clients send to the gateway's /graphql: the pages'
 * (pageOperations.ts) and reconciliation's (reconciliationEvidence.ts). The gateway's safelist of
 * persisted operations (gateway/edge/persisted-operations.json) is generated from this list.
 */
import { PAGE_OPERATIONS } from './pageOperations';
import { CANDIDATES_QUERY, EVIDENCE_QUERY } from './reconciliationEvidence';

export const CLIENT_OPERATIONS: readonly string[] = [EVIDENCE_QUERY, CANDIDATES_QUERY, ...PAGE_OPERATIONS];
