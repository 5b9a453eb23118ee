/**
 * The one registry of error codes (documented in README.md; a test keeps the two in step).
 * Each code has a factory returning a GraphQLError with `extensions.code`, and a message that
 * states the rule and what to do. Messages never carry personal data.
 */
import { GraphQLError } from 'graphql';
import { SYSTEMS, type SystemName } from '../domain/systems';
import type { FieldProblem } from '../domain/validation';

export const ERROR_CODES = {
  UNAUTHENTICATED: 'No valid bearer token: send Authorization: Bearer <JWT> signed by the platform.',
  FORBIDDEN: 'The caller’s role may not read or do this.',
  BAD_USER_INPUT: 'The input breaks a rule; extensions.fields lists each bad field with its path and rule.',
  IDEMPOTENCY_CONFLICT: 'The idempotency key was already used with a different input.',
  NOT_FOUND: 'No such record.',
  SYSTEM_UNAVAILABLE: 'A department system refused the connection or is switched off (circuit open); extensions.system names it.',
  SYSTEM_TIMEOUT: 'A department system did not answer within the time budget; extensions.system names it.',
  SYSTEM_ERROR: 'A department system answered with an error; extensions.system names it.',
  SYSTEM_RATE_LIMITED: 'A department system kept answering 429 Too Many Requests within the time budget.',
  STORE_UNAVAILABLE: 'The intake store (SQLite file or Redis) could not be reached; for a report, extensions.stored says whether it was stored ("no", "yes" with extensions.intakeId, or "unknown").',
  SUBGRAPH_UNAVAILABLE: 'A department service behind the gateway could not be reached or did not answer in time; extensions.service names it; for a report, extensions.stored is "unknown".',
  REPLICA_UNAVAILABLE: 'The load balancer reached no replica of a service (503, nothing sent) or the replica dropped the connection before answering (502, stored unknown); extensions.service names it.',
  AUDIT_UNAVAILABLE: 'The audit log could not record the read (the personal data was withheld) or the report (it was not accepted); try again shortly.',
  PURPOSE_REQUIRED: 'Personal data is read only for a declared purpose: send the X-Purpose header.',
  RATE_LIMITED: 'The caller used up its budget of requests and resident look-ups (HTTP 429); wait Retry-After seconds.',
  PERSISTED_QUERY_ID_REQUIRED: 'The gateway accepts only safelisted operations: send extensions.persistedQuery.sha256Hash.',
  PERSISTED_QUERY_NOT_IN_LIST: 'The operation is not in the safelist of persisted operations.',
  PAYLOAD_TOO_LARGE: 'The request body is above the limit (HTTP 413).',
  BAD_REQUEST: 'The request body is not valid JSON or not a GraphQL request (HTTP 400).',
  INTERNAL_SERVER_ERROR: 'An unexpected error; the request id in the logs identifies it.',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;
export type UpstreamCode = 'SYSTEM_UNAVAILABLE' | 'SYSTEM_TIMEOUT' | 'SYSTEM_ERROR' | 'SYSTEM_RATE_LIMITED';

export type { FieldProblem };

export const errors = {
  unauthenticated: (why: string) =>
    new GraphQLError(`Not authenticated: ${why}. Send Authorization: Bearer <token>; in development mint one with npm run -s token -- --role <role>.`, {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    }),
  forbidden: (what: string) => new GraphQLError(`Forbidden: ${what}.`, { extensions: { code: 'FORBIDDEN' } }),
  badUserInput: (fields: FieldProblem[]) =>
    new GraphQLError(`Invalid input: ${fields.map((f) => `${f.path.join('.')} ${f.message}`).join('; ')}.`, {
      extensions: { code: 'BAD_USER_INPUT', fields },
    }),
  idempotencyConflict: () =>
    new GraphQLError('This idempotency key was already used with a different input. Use a new key for a new report.', {
      extensions: { code: 'IDEMPOTENCY_CONFLICT' },
    }),
  notFound: (what: string) => new GraphQLError(`${what} was not found.`, { extensions: { code: 'NOT_FOUND' } }),
  // No http status here: a subgraph answering non-2xx makes the gateway drop the coded error for a generic one.
  storeUnavailable: (message: string, extensions: { stored?: ReportStored; intakeId?: string } = {}) =>
    new GraphQLError(message, { extensions: { code: 'STORE_UNAVAILABLE', ...extensions } }),
  /** The gateway could not reach a subgraph: for a mutation nobody knows whether it took effect. */
  subgraphUnavailable: (service: string, mutation: boolean, timedOut: boolean) =>
    new GraphQLError(
      `The ${service} service ${timedOut ? 'did not answer in time' : 'could not be reached'}. ` +
        (mutation
          ? 'It is not known whether the report was stored: send it again with the same idempotency key (a stored report is returned, never stored twice).'
          : 'Its fields are null; the other departments’ data is unaffected. Try again shortly.'),
      { extensions: { code: 'SUBGRAPH_UNAVAILABLE', service, ...(mutation ? { stored: 'unknown' satisfies ReportStored } : {}) } },
    ),
};

/**
 * What a failed report's answer knows about it: not stored (safe to change and send), stored
 * (extensions.intakeId names it: follow it, do not start a new one), or unknown (send it again
 * with the same idempotency key, which returns it if it was stored).
 */
export type ReportStored = 'no' | 'yes' | 'unknown';

/**
 * A department system failed: thrown by the HTTP client and adapters, turned into a coded
 * GraphQL error by the subgraph server (see {@link upstreamToGraphQLError}).
 */
export class UpstreamError extends Error {
  constructor(
    readonly system: SystemName,
    readonly code: UpstreamCode,
    detail: string,
    readonly status?: number,
    /** The raw reply body, for adapters that parse error documents (SOAP Faults, FHIR OperationOutcome). Never logged. */
    readonly body?: string,
    /** When trying again makes sense at the earliest, in ms (an open circuit's remaining pause). */
    readonly retryAfterMs?: number,
  ) {
    super(`The ${SYSTEMS[system].label} (${system}) ${detail}.`);
    this.name = 'UpstreamError';
  }

  /**
   * Whether the system gave a definitive answer (a conflict, not found, a rejected request):
   * trying again gets the same answer, so a delivery ends at once. False for what can change
   * (a timeout, 5xx, 429, a lost connection). See {@link DefinitiveRejection}.
   */
  get definitive(): boolean {
    return false;
  }
}

/**
 * A department system answered, and its answer is final: it refused the request for a reason
 * no retry changes (HTTP 4xx other than 408/429, a SOAP Client Fault, a business rule such as
 * "the resident is recorded MOVED_OUT"). The HTTP client raises it for every reply its retry rule
 * calls not retryable; adapters raise it (or a subclass) for refusals they read from a reply.
 * The delivery worker ends the delivery FAILED after this one attempt, with `message` as the reason.
 */
export class DefinitiveRejection extends UpstreamError {
  constructor(system: SystemName, detail: string, status?: number, body?: string) {
    super(system, 'SYSTEM_ERROR', detail, status, body);
    this.name = 'DefinitiveRejection';
  }

  override get definitive(): boolean {
    return true;
  }
}

/** Whether an error is a system's definitive answer (the one test the delivery worker applies). */
export const isDefinitive = (err: unknown): err is UpstreamError => err instanceof UpstreamError && err.definitive;

export function upstreamToGraphQLError(err: UpstreamError, path?: readonly (string | number)[]): GraphQLError {
  return new GraphQLError(`${err.message} The other departments' data is unaffected; try again later.`, {
    path,
    extensions: { code: err.code, system: err.system, ...(err.status ? { http: { status: err.status } } : {}) },
  });
}
