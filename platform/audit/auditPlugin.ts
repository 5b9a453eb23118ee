/**
 * The audit plugin every subgraph serving personal data runs: per request, it notes which
 * residents' personal (`@sensitive`) fields were resolved (through their wrapped resolvers), and before the response leaves it
 * appends one READ record naming every resident read, with the names of those fields. When the records cannot be
 * written, the response is replaced by an AUDIT_UNAVAILABLE error: no personal data leaves
 * without its audit record (fail closed). A read of personal data without a declared purpose
 * (the X-Purpose header, forwarded by the gateway) is refused the same way, with PURPOSE_REQUIRED.
 */
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { defaultFieldResolver, isObjectType, type GraphQLField, type GraphQLSchema } from 'graphql';
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

/** The reads of each request in flight, by its context object: the audited resolvers add to them. */
type Reads = Map<string | null, Set<string>>;
const readsOf = new WeakMap<object, Reads>();
const AUDITED = Symbol('audited');

function noteRead(reads: Reads, field: string, source: unknown, result: unknown): void {
  // A field that failed (FORBIDDEN, a system down) disclosed nothing.
  if (result instanceof Error) return;
  // Whose data: the parent resident's, else (a root field) the residents its value names.
  const parent = residentIdOf(source);
  const residents = parent !== null ? [parent] : residentIdsIn(result);
  for (const resident of residents.length ? residents : [null]) {
    let fields = reads.get(resident);
    if (!fields) reads.set(resident, (fields = new Set()));
    fields.add(field);
  }
}

/**
 * Wraps the resolver of every personal field of the schema (once) to note what it disclosed. Not
 * a willResolveField hook: that one makes Apollo wrap every field of every request, and a
 * 50-resident list has hundreds of fields of which a handful are personal.
 */
function auditPersonalFields(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()) as Array<GraphQLField<unknown, unknown> & { [AUDITED]?: true }>) {
      if (field[AUDITED] || !isSensitive(field)) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx, info) => {
        const reads = readsOf.get(ctx as object);
        const result = resolve(source, args, ctx, info);
        if (!reads) return result;
        if (result instanceof Promise) return result.then((value: unknown) => (noteRead(reads, field.name, source, value), value));
        noteRead(reads, field.name, source, result);
        return result;
      };
      field[AUDITED] = true;
    }
  }
}

export function auditPlugin(store: AuditStore, options: AuditPluginOptions = {}): ApolloServerPlugin<RequestContext> {
  const requirePurpose = options.requirePurpose ?? true;
  return {
    async serverWillStart({ schema }) {
      auditPersonalFields(schema);
    },
    async requestDidStart({ contextValue }) {
      // resident ID number (null: data not tied to one resident) -> personal fields resolved for it
      const reads: Reads = new Map();
      readsOf.set(contextValue, reads);
      return {
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
