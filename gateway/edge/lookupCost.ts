/**
 * What an operation costs against the caller's rate budget: one unit for the request, plus one
 * per resident it looks up, so that enumerating citizen ID numbers runs out of budget quickly:
 * each ID number in the arguments costs one (in a list or an input object, one each), `residents(first: N)` costs N,
 * and a list of residents without a size (departedResidents, recordedDeaths, benefitAnomalies)
 * costs UNSIZED_LIST_COST. Computed from the operation that will run (fragments followed,
 * variables applied), before any subgraph is called.
 */
import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';

/** Units for a list of residents whose length the caller does not choose. */
export const UNSIZED_LIST_COST = 20;
/** Argument names that carry citizen ID numbers. */
const ID_NUMBER_ARGUMENT = /idnumber/i;
/** Types whose lists count as resident look-ups (a list of anomalies names a resident each). */
const RESIDENT_TYPES = new Set(['Resident', 'BenefitAnomaly']);

const isList = (type: GraphQLType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/** ID numbers in argument values, input objects included (a report naming a resident is a look-up too: it answers whether the number and name match). */
function idNumbersIn(name: string, value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + idNumbersIn(name, v), 0);
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).reduce((n, [k, v]) => n + idNumbersIn(k, v), 0);
  return ID_NUMBER_ARGUMENT.test(name) ? 1 : 0;
}

function fieldCost(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  let cost = idNumbersIn('', args);
  const named = getNamedType(field.type);
  if (typeof args.first === 'number' && (named.name.endsWith('Connection') || isList(field.type))) cost += Math.max(0, args.first);
  else if (isList(field.type) && RESIDENT_TYPES.has(named.name)) cost += UNSIZED_LIST_COST;
  return cost;
}

/** The field's arguments with variables and defaults applied; none when the variables do not fit (execution will refuse them). */
function argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, variables);
  } catch {
    return {};
  }
}

function selectedOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
}

/** Units the operation costs (validation has run: fields exist, fragments do not cycle). */
export function lookupCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string | null): number {
  const operation = selectedOperation(document, operationName);
  if (!operation) return 1;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();

  const walk = (set: SelectionSetNode, type: GraphQLNamedType | null | undefined): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[selection.name.value] : undefined;
        if (!field) continue; // __typename, or a field validation already refused
        cost += fieldCost(field, argumentsOf(field, selection, variables));
        if (selection.selectionSet) cost += walk(selection.selectionSet, getNamedType(field.type));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(selection.selectionSet, selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) cost += walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value));
      }
    }
    return cost;
  };
  return 1 + walk(operation.selectionSet, root);
}
