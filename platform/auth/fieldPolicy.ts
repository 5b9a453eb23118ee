/**
 * Field permissions, enforced in every subgraph from the annotations its SDL carries:
 *   @allow(roles: [...])          on a field or a type: who may read it (a field without one
 *                                 takes its type's; a field with neither is read by nobody);
 *   @sensitive                    personal data: the read needs a declared purpose (X-Purpose);
 *   @masked(unmaskedFor: [...])   the value is masked (first 6 and last 4 kept) for other roles.
 * Each field resolver is wrapped, so every route to a field (aliases, fragments, nested entity
 * references, `_entities`) meets the same check. A refused field is null with a FORBIDDEN error
 * for that field alone; nothing behind it (no system call) runs. Community workers read
 * residents of their own community only: on entity types the resident's community is checked,
 * from the subgraph's own data where it has it (`communityOf`), else from the sealed join key.
 * A QR credential reads only the fields of QR_CREDENTIAL_FIELDS (its reports' status), whatever
 * its role would allow: the printed sheet is no key to anyone's data.
 */
import {
  defaultFieldResolver,
  getDirectiveValues,
  getNamedType,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { maskIdNumber } from '../../domain/idNumber';
import { errors } from '../errors';
import type { Caller } from './caller';
import { JOIN_KEY_FIELD, RESIDENT_SCOPE } from './entityReferences';
import { isIntakeCredential } from './intakeCredential';
import { QR_CREDENTIAL_FIELDS } from './permissions';

export interface FieldPolicy {
  /** Roles that may read the field; empty: nobody. */
  allow: ReadonlySet<string>;
  sensitive: boolean;
  /** Roles that read the value whole; null: never masked. */
  unmaskedFor: ReadonlySet<string> | null;
}

/** What the policies need from a request's context. */
export interface PolicyContext {
  caller: Caller | null;
  purpose: string | null;
}

export interface PolicyOptions<Ctx extends PolicyContext> {
  /** The community a resident is registered in, where this subgraph holds that data (the registry). */
  communityOf?: (idNumber: string, ctx: Ctx) => Promise<string | null>;
}

export const policyErrors = {
  role: (role: string, coordinate: string) => errors.forbidden(`the ${role} role may not read ${coordinate}`),
  purpose: () => errors.forbidden('personal data is read for a declared purpose only; send the X-Purpose header saying why (for example "X-Purpose: benefit review")'),
  community: () => errors.forbidden('community workers read residents of their own community only'),
  qrCredential: (coordinate: string) => errors.forbidden(`a QR credential reports and reads back the status of its own reports only; it may not read ${coordinate}. Sign in with your own token`),
};

type DirectiveNode = Parameters<typeof getDirectiveValues>[1];

function directiveArgs(schema: GraphQLSchema, name: string, ...nodes: Array<DirectiveNode | null | undefined>): Record<string, unknown> | undefined {
  const directive = schema.getDirective(name);
  if (!directive) return undefined;
  for (const node of nodes) {
    const values = node ? getDirectiveValues(directive, node) : undefined;
    if (values) return values;
  }
  return undefined;
}

const typeNodes = (type: GraphQLNamedType): Array<DirectiveNode | null | undefined> => [type.astNode, ...(type.extensionASTNodes ?? [])];

/** The policy the SDL declares for one field (exported for the schema-vs-matrix test). */
export function fieldPolicy(schema: GraphQLSchema, type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): FieldPolicy {
  const allow = directiveArgs(schema, 'allow', field.astNode) ?? directiveArgs(schema, 'allow', ...typeNodes(type));
  const masked = directiveArgs(schema, 'masked', field.astNode);
  // A field returning a type marked @sensitive is personal data too (the audit reads it the same way).
  const sensitive = !!directiveArgs(schema, 'sensitive', field.astNode) || !!directiveArgs(schema, 'sensitive', ...typeNodes(getNamedType(field.type)));
  return {
    allow: new Set((allow?.roles as string[] | undefined) ?? []),
    sensitive,
    unmaskedFor: masked ? new Set(masked.unmaskedFor as string[]) : null,
  };
}

const isFederationInternal = (name: string) => name.startsWith('_');

/** Object types and fields the policies apply to: all but introspection and federation's own (`_entities`, `_service`). */
export function* policedFields(schema: GraphQLSchema): Generator<[GraphQLObjectType, GraphQLField<unknown, unknown>]> {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isFederationInternal(type.name)) continue;
    for (const field of Object.values(type.getFields())) if (!isFederationInternal(field.name)) yield [type, field];
  }
}

function mask(value: unknown): unknown {
  return typeof value === 'string' ? maskIdNumber(value) : value;
}

const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as Promise<unknown> | null)?.then === 'function';

/** Wraps every policed field's resolver of `schema` in place. */
export function enforceFieldPolicies<Ctx extends PolicyContext>(schema: GraphQLSchema, options: PolicyOptions<Ctx> = {}): void {
  for (const [type, field] of policedFields(schema)) {
    const policy = fieldPolicy(schema, type, field);
    const coordinate = `${type.name}.${field.name}`;
    const entity = JOIN_KEY_FIELD in type.getFields() && field.name !== JOIN_KEY_FIELD;
    const inner: GraphQLFieldResolver<unknown, Ctx> = field.resolve ?? defaultFieldResolver;
    const finish: GraphQLFieldResolver<unknown, Ctx> = (source, args, ctx, info) => {
      const value = inner(source, args, ctx, info);
      if (!policy.unmaskedFor || policy.unmaskedFor.has(ctx.caller!.role)) return value;
      return isPromise(value) ? value.then(mask) : mask(value);
    };
    field.resolve = (source, args, context, info) => {
      const ctx = context as Ctx;
      const caller = ctx.caller;
      if (!caller || !policy.allow.has(caller.role)) throw policyErrors.role(caller?.role ?? 'anonymous', coordinate);
      if (isIntakeCredential(caller) && !QR_CREDENTIAL_FIELDS.has(coordinate)) throw policyErrors.qrCredential(coordinate);
      if (policy.sensitive && !ctx.purpose) throw policyErrors.purpose();
      if (!entity || caller.role !== 'community') return finish(source, args, ctx, info);
      const scope = residentCommunity(source, ctx, options);
      const check = (community: string | null) => {
        if (community !== caller.community) throw policyErrors.community();
        return finish(source, args, ctx, info);
      };
      return isPromise(scope) ? scope.then(check) : check(scope);
    };
  }
}

/** The community of the resident `source` is: the subgraph's own word, else what its join key said. */
function residentCommunity<Ctx extends PolicyContext>(source: unknown, ctx: Ctx, options: PolicyOptions<Ctx>): string | null | Promise<string | null> {
  const resident = source as { idNumber?: unknown; [RESIDENT_SCOPE]?: string | null };
  if (options.communityOf && typeof resident.idNumber === 'string') return options.communityOf(resident.idNumber, ctx);
  return resident[RESIDENT_SCOPE] ?? null;
}
