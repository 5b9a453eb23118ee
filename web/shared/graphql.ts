/**
 * The pages' one way to the graph: POST /graphql with the bearer token and the purpose of the
 * read (X-Purpose, which the edge may require for personal fields), answering a tagged outcome
 * instead of throwing, so every caller decides what a failure means for its user.
 */
import type { FieldProblem } from '../../domain/validation';
import { sha256Hex } from './sha256';

export type { FieldProblem };

export interface GraphQLErrorShape {
  message: string;
  extensions?: {
    code?: string;
    fields?: FieldProblem[];
    system?: string;
    /** The department service the gateway could not reach (SUBGRAPH_UNAVAILABLE). */
    service?: string;
    /** What a failed report's answer knows: stored or not, or unknown (resend with the same key). */
    stored?: 'no' | 'yes' | 'unknown';
    /** The intake a stored report became (stored: "yes"). */
    intakeId?: string;
  };
}

export type GraphQLOutcome<T> =
  | { kind: 'data'; data: T; serverDate: number | null }
  | { kind: 'errors'; errors: GraphQLErrorShape[]; status: number }
  /** No answer that can be read: the connection failed, or a proxy answered instead of the graph. */
  | { kind: 'network'; detail: string };

export interface GraphQLCall {
  token: string;
  /** Why the page reads: sent as X-Purpose on every request. */
  purpose: string;
  signal?: AbortSignal;
}

const hashes = new Map<string, string>();

/**
 * The operation's SHA-256, sent Apollo APQ style beside its text, so a gateway that runs only
 * safelisted operations (PERSISTED_OPERATIONS_FILE) accepts the pages' operations
 * (contract/pageOperations.ts). Computed once per text.
 */
function sha256Of(query: string): string {
  let hash = hashes.get(query);
  if (hash === undefined) {
    hash = sha256Hex(query);
    hashes.set(query, hash);
  }
  return hash;
}

export async function graphql<T>(query: string, variables: Record<string, unknown>, call: GraphQLCall): Promise<GraphQLOutcome<T>> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${call.token}`, 'x-purpose': call.purpose },
      body: JSON.stringify({ query, variables, extensions: { persistedQuery: { version: 1, sha256Hash: sha256Of(query) } } }),
      signal: call.signal,
    });
  } catch (err) {
    return { kind: 'network', detail: err instanceof Error ? err.message : String(err) };
  }
  let body: { data?: T | null; errors?: GraphQLErrorShape[] };
  try {
    body = await res.json();
  } catch {
    return { kind: 'network', detail: `HTTP ${res.status} without a GraphQL answer` };
  }
  if (body.errors?.length) return { kind: 'errors', errors: body.errors, status: res.status };
  if (!body.data) return { kind: 'network', detail: `HTTP ${res.status} without data` };
  const date = res.headers.get('date');
  return { kind: 'data', data: body.data, serverDate: date ? Date.parse(date) : null };
}

/** The code of the first error, if the outcome is one. */
export function errorCode(outcome: GraphQLOutcome<unknown>): string | undefined {
  return outcome.kind === 'errors' ? outcome.errors[0]?.extensions?.code : undefined;
}
