/**
 * The audit's error codes and how a response is withheld. No http status on these: a subgraph
 * answering non-2xx makes the gateway replace the coded error with a generic one.
 */
import { ERROR_CODES } from '../errors';
import type { BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

// The descriptions live in the one registry (platform/errors.ts); these are the audit's codes.
export const AUDIT_ERROR_CODES = {
  AUDIT_UNAVAILABLE: ERROR_CODES.AUDIT_UNAVAILABLE,
  PURPOSE_REQUIRED: ERROR_CODES.PURPOSE_REQUIRED,
} as const;

export const auditErrors = {
  auditUnavailable: (what: 'read' | 'report' | 'decision' = 'read') =>
    new GraphQLError(
      {
        read: 'The audit log could not record this read, so the personal data was withheld. Try again shortly; tell the operator if it persists.',
        report: 'The audit log could not record this report, so it was not accepted. Send the same report again (same idempotency key) shortly.',
        decision: 'The audit log could not record this decision, so nothing was changed. Try again shortly; tell the operator if it persists.',
      }[what],
      // A report refused here was never stored (the audit record comes first).
      { extensions: { code: 'AUDIT_UNAVAILABLE', ...(what === 'report' ? { stored: 'no' } : {}) } },
    ),
  purposeRequired: () =>
    new GraphQLError('Personal data is read only for a declared purpose: send the X-Purpose header saying why (for example "X-Purpose: benefit review").', {
      extensions: { code: 'PURPOSE_REQUIRED' },
    }),
};

/** Replaces whatever the response held (data included) by the one error. */
export function withheld<C extends BaseContext>(requestContext: GraphQLRequestContextWillSendResponse<C>, error: GraphQLError): void {
  const formatted: GraphQLFormattedError = { message: error.message, extensions: error.extensions };
  requestContext.response.body = { kind: 'single', singleResult: { data: null, errors: [formatted] } };
}
