/**
 * The audit plugin every subgraph serving personal data runs: per request, it notes which
 * residents' personal (`@sensitive`) fields were resolved, and before the response leaves it
 * appends one READ record naming every resident read, with the names of those fields. When the records cannot be
 * written, the response is replaced by an AUDIT_UNAVAILABLE error: no personal data leaves
 * without its audit record (fail closed). A read of personal data without a declared purpose
 * (the X-Purpose header, forwarded by the gateway) is refused the same way, with PURPOSE_REQUIRED.
 */
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { RequestContext } from '../server/subgraph';
import { auditErrors, withheld } from './errors';
import { isSensitive, residentIdOf, residentIdsIn } from './sensitiveFields';
import type { AuditEntry, AuditStore } from './types';

export interface AuditPluginOptions {
  /**
   * Refuse reads of personal fields when the caller declared no purpose (PIPL: processing has a
   * stated purpose, and the record says which).
   * @default true
   */
  requirePurpose?: boolean;
}

/** The purpose the caller declared (RequestContext.purpose, from the gateway's X-Purpose). */
export function purposeOf(ctx: RequestContext): string | null {
  const purpose = (ctx as RequestContext & { purpose?: string | null }).purpose;
  return typeof purpose === 'string' && purpose.trim() ? purpose.trim() : null;
}

/** The entry one request leaves: one record naming every resident read and the fields read of each. */
export function readEntries(ctx: RequestContext, reads: ReadonlyMap<string | null, ReadonlySet<string>>): AuditEntry[] {
  return [
    {
      requestId: ctx.requestId,
      subject: ctx.caller?.subject ?? '(no caller)',
      role: ctx.caller?.role ?? '(no role)',
      purpose: purposeOf(ctx),
      action: 'READ',
      reads: [...reads].map(([residentId, fields]) => ({ residentId, fields: [...fields] })),
    },
  ];
}

export function auditPlugin(store: AuditStore, options: AuditPluginOptions = {}): ApolloServerPlugin<RequestContext> {
  const requirePurpose = options.requirePurpose ?? true;
  return {
    async requestDidStart() {
      // resident ID number (null: data not tied to one resident) -> personal fields resolved for it
      const reads = new Map<string | null, Set<string>>();
      return {
        async executionDidStart() {
          return {
            willResolveField({ source, info }) {
              const field = info.parentType.getFields()[info.fieldName];
              if (!field || !isSensitive(field)) return;
              return (error, result) => {
                // A field that failed (FORBIDDEN, a system down) disclosed nothing.
                if (error) return;
                // Whose data: the parent resident's, else (a root field) the residents its value names.
                const parent = residentIdOf(source);
                const residents = parent !== null ? [parent] : residentIdsIn(result);
                for (const resident of residents.length ? residents : [null]) {
                  let fields = reads.get(resident);
                  if (!fields) reads.set(resident, (fields = new Set()));
                  fields.add(info.fieldName);
                }
              };
            },
          };
        },

        async willSendResponse(requestContext: GraphQLRequestContextWillSendResponse<RequestContext>) {
          if (reads.size === 0) return;
          const ctx = requestContext.contextValue;
          if (requirePurpose && !purposeOf(ctx)) {
            withheld(requestContext, auditErrors.purposeRequired());
            return;
          }
          try {
            await store.append(readEntries(ctx, reads));
          } catch (err) {
            ctx.logger.error('audit records could not be written; the personal data read was withheld', { error: err instanceof Error ? err.message : String(err), residents: reads.size });
            withheld(requestContext, auditErrors.auditUnavailable());
          }
        },
      };
    },
  };
}
