/**
 * Breaking changes of the graph's API, as a schema registry's check reports them: the API schema
 * of the committed supergraph (what clients query today) against the API schema of a fresh
 * composition, compared by @graphql-inspector/core. Only the API schema counts: join keys,
 * `_entities` and other @inaccessible parts are the subgraphs' business, not the clients'.
 */
import { Supergraph, type Subgraph } from '@apollo/federation-internals';
import { ChangeType, CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';

export interface SchemaChange {
  /** `Type`, `Type.field`, `Type.field.argument` or `Enum.VALUE`. */
  path: string;
  /** The subgraph SDLs that define what changed (schema/<name>.graphql), from the committed supergraph. */
  subgraphs: string[];
  /** One line: what changed, where, why it breaks clients and what to do instead. */
  message: string;
}

export interface SchemaChanges {
  /** Changes that break a client written against the committed API: the check fails. */
  breaking: SchemaChange[];
  /** Changes that may surprise a client (a new enum value, a changed default): reported, not failed. */
  dangerous: SchemaChange[];
}

const DEPRECATE = 'add the new shape as a new field (or argument, or value) next to the old one, mark the old one @deprecated(reason: "use …"), and remove it only when no client selects it any more';

/** What to do instead, by kind of change. */
const ADVICE: Partial<Record<string, string>> = {
  [ChangeType.FieldRemoved]: `clients selecting it fail. Put the field back; to retire it, ${DEPRECATE}`,
  [ChangeType.FieldTypeChanged]: `clients expect the old type (and nullability). Keep it; ${DEPRECATE}`,
  [ChangeType.FieldArgumentRemoved]: `clients passing it fail. Put the argument back; ${DEPRECATE}`,
  [ChangeType.FieldArgumentTypeChanged]: `clients send the old type. Keep it; ${DEPRECATE}`,
  [ChangeType.FieldArgumentAdded]: 'clients that do not pass a new required argument fail. Make it optional (nullable, or with a default value)',
  [ChangeType.InputFieldAdded]: 'clients that do not send a new required input field fail. Make it optional (nullable, or with a default value)',
  [ChangeType.InputFieldRemoved]: `clients sending it fail. Put the input field back; ${DEPRECATE}`,
  [ChangeType.InputFieldTypeChanged]: `clients send the old type. Keep it; ${DEPRECATE}`,
  [ChangeType.EnumValueRemoved]: 'clients sending or expecting it fail. Keep the value, mark it @deprecated(reason: "…") and stop producing it',
  [ChangeType.TypeRemoved]: `clients naming it in fragments or variables fail. Put the type back; ${DEPRECATE}`,
  [ChangeType.TypeKindChanged]: `clients' fragments on it fail. Keep the kind; add a new type and ${DEPRECATE}`,
  [ChangeType.UnionMemberRemoved]: 'clients with fragments on that member lose data. Keep the member',
  [ChangeType.ObjectTypeInterfaceRemoved]: 'clients with fragments on that interface lose data. Keep the interface',
};

/** The API schema (what clients can query) of a composed supergraph. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
}

function defines(subgraph: Subgraph, path: string): boolean {
  const [typeName, member] = path.split('.');
  const type = subgraph.schema.type(typeName);
  if (!type || !member) return Boolean(type);
  switch (type.kind) {
    case 'ObjectType':
    case 'InterfaceType':
    case 'InputObjectType':
      return Boolean(type.field(member));
    case 'EnumType':
      return Boolean(type.value(member));
    default:
      return true;
  }
}

function describe(change: Change, owners: Subgraph[]): SchemaChange {
  const path = change.path ?? '(schema)';
  const subgraphs = owners.filter((s) => defines(s, path)).map((s) => s.name);
  const where = subgraphs.length ? ` (${subgraphs.map((s) => `schema/${s}.graphql`).join(', ')})` : '';
  const advice = ADVICE[change.type] ?? change.criticality.reason ?? 'clients written against the committed supergraph may fail; make the change additive instead';
  return { path, subgraphs, message: `${path}${where}: ${change.message}: ${advice}.` };
}

/**
 * The changes from the committed supergraph's API to a fresh composition's, sorted by path.
 * A new optional field, argument or type is neither breaking nor dangerous.
 */
export async function compareSupergraphs(committedSdl: string, freshSdl: string): Promise<SchemaChanges> {
  const changes = await diff(apiSchemaOf(committedSdl), apiSchemaOf(freshSdl));
  const owners = Supergraph.build(committedSdl).subgraphs().values();
  const of = (level: CriticalityLevel) =>
    changes
      .filter((c) => c.criticality.level === level)
      .map((c) => describe(c, [...owners]))
      .sort((a, b) => a.path.localeCompare(b.path));
  return { breaking: of(CriticalityLevel.Breaking), dangerous: of(CriticalityLevel.Dangerous) };
}
