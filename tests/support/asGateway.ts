/**
 * Test support: a request to a subgraph as the gateway would send it (caller, purpose, request
 * id and their proof), for tests that exercise one subgraph without a gateway in front.
 */
import type { Caller } from '../../platform/auth/caller';
import { gatewayHeaders } from '../../platform/auth/gatewayProof';
import { DEVELOPMENT_GATEWAY_SECRET } from '../../platform/auth/secrets';

export interface AsGatewayOptions {
  /** @default a civil-affairs caller */
  caller?: Caller;
  /** The declared purpose; null declares none. @default 'automated test' */
  purpose?: string | null;
  /** @default the development secret the subgraphs use in tests */
  secret?: string;
  requestId?: string;
}

export const TEST_CALLER: Caller = { subject: 'test-civil-affairs', role: 'civil-affairs' };

/** POSTs a GraphQL operation to `url` (…/graphql of the subgraph named `subgraph`) with the gateway's headers and proof for it. */
export function fetchAsGateway(subgraph: string, url: string, operation: { query: string; variables?: Record<string, unknown> }, options: AsGatewayOptions = {}): Promise<Response> {
  const body = JSON.stringify(operation);
  const purpose = options.purpose === undefined ? 'automated test' : options.purpose;
  const headers = gatewayHeaders(options.secret ?? DEVELOPMENT_GATEWAY_SECRET, subgraph, { caller: options.caller ?? TEST_CALLER, purpose, requestId: options.requestId ?? 'test-request' }, body);
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}
