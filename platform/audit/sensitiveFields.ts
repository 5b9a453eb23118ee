/**
 * Which fields hold personal data, as the SDL declares them: a field marked `@sensitive`, or a
 * field whose type is marked `@sensitive` (every field returning it is then personal data).
 * Read once per field definition from the schema's AST and cached.
 */
import { getNamedType, type GraphQLField, type GraphQLNamedType } from 'graphql';

const DIRECTIVE = 'sensitive';
const cache = new WeakMap<object, boolean>();

const marked = (node: { directives?: ReadonlyArray<{ name: { value: string } }> } | null | undefined) =>
  node?.directives?.some((d) => d.name.value === DIRECTIVE) ?? false;

function typeMarked(type: GraphQLNamedType): boolean {
  return marked(type.astNode) || (type.extensionASTNodes ?? []).some((n) => marked(n as Parameters<typeof marked>[0]));
}

export function isSensitive(field: GraphQLField<unknown, unknown>): boolean {
  let known = cache.get(field);
  if (known === undefined) {
    known = marked(field.astNode) || typeMarked(getNamedType(field.type));
    cache.set(field, known);
  }
  return known;
}

/**
 * The residents a sensitive field's value is about when its parent is not a resident (a root
 * field such as benefitAnomalies): each object of the value (or the value itself) that names one.
 */
export function residentIdsIn(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return [...new Set(items.map(residentIdOf).filter((id): id is string => id !== null))];
}

/**
 * The resident an object in the graph is about: its own `idNumber` (a Resident, whatever the
 * subgraph resolved it from), or that of the resident it refers to.
 */
export function residentIdOf(source: unknown): string | null {
  if (!source || typeof source !== 'object') return null;
  const s = source as { idNumber?: unknown; residentIdNumber?: unknown; resident?: { idNumber?: unknown } | null };
  for (const candidate of [s.idNumber, s.resident?.idNumber, s.residentIdNumber]) if (typeof candidate === 'string' && candidate) return candidate;
  return null;
}
