/**
 * The edge's own error codes: requests refused at the gateway before anything is planned or any
 * subgraph is called. Each message states the rule and what to do; none carries request data.
 */
import { ERROR_CODES } from '../../platform/errors';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

// The descriptions live in the one registry (platform/errors.ts); these are the edge's codes.
export const EDGE_ERROR_CODES = {
  RATE_LIMITED: ERROR_CODES.RATE_LIMITED,
  PERSISTED_QUERY_ID_REQUIRED: ERROR_CODES.PERSISTED_QUERY_ID_REQUIRED,
  PERSISTED_QUERY_NOT_IN_LIST: ERROR_CODES.PERSISTED_QUERY_NOT_IN_LIST,
  PAYLOAD_TOO_LARGE: ERROR_CODES.PAYLOAD_TOO_LARGE,
  BAD_REQUEST: ERROR_CODES.BAD_REQUEST,
} as const;
export type EdgeErrorCode = keyof typeof EDGE_ERROR_CODES;

/** A refusal as plain JSON, for express middleware that answers before Apollo Server. */
export function errorBody(code: EdgeErrorCode, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

export function rateLimited(retryAfterSeconds: number, detail: string): GraphQLError {
  const headers = new HeaderMap([['retry-after', String(retryAfterSeconds)]]);
  return new GraphQLError(`Rate limit: ${detail} Try again in ${retryAfterSeconds} s.`, {
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds, http: { status: 429, headers } },
  });
}
