/**
 * Root fields that take residents by sealed join key (an argument `joinKeys: [String!]!`, as
 * reconciliation's batch reads of its candidates do) rather than by ID number: the caller never
 * puts a number in clear in its query variables, and only keys this platform sealed are taken.
 * The subgraph opens every key before the department's resolver runs, which then gets the
 * numbers as `args.idNumbers`, in the keys' order (resolvers hold no secret).
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { Kind, type DocumentNode } from 'graphql';
import { errors } from '../errors';
import { openJoinKey } from './joinKey';
import type { SecretRing } from './secrets';

export const JOIN_KEYS_ARGUMENT = 'joinKeys';
/** Most keys one call may carry: a batch is a page of residents, not the population. */
export const MAX_JOIN_KEYS = 1000;

type FieldResolver = (root: unknown, args: Record<string, unknown>, ctx: unknown, info: unknown) => unknown;

/** `Type.field` of every field of `sdl` that takes a `joinKeys` argument. */
export function joinKeyArgumentFields(sdl: DocumentNode): Array<[type: string, field: string]> {
  return sdl.definitions.flatMap((d) =>
    d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION
      ? (d.fields ?? []).filter((f) => f.arguments?.some((a) => a.name.value === JOIN_KEYS_ARGUMENT)).map((f): [string, string] => [d.name.value, f.name.value])
      : [],
  );
}

/** The ID numbers sealed in `keys`, in order; a FORBIDDEN error when any was not sealed by this platform (or was altered). */
export function openJoinKeys(secrets: SecretRing, keys: readonly unknown[]): string[] {
  if (keys.length > MAX_JOIN_KEYS) {
    throw errors.badUserInput([{ path: [JOIN_KEYS_ARGUMENT], rule: 'max_items', message: `must hold at most ${MAX_JOIN_KEYS} keys, but got ${keys.length}` }]);
  }
  return keys.map((key) => {
    const opened = openJoinKey(secrets, key);
    // No key in the message: it seals a person's number.
    if (!opened) throw errors.forbidden('a join key was not issued by this platform');
    return opened.idNumber;
  });
}

/** The resolver map with the `joinKeys` of every such field of `sdl` opened into `idNumbers`. */
export function withJoinKeyArguments<Ctx>(sdl: DocumentNode, resolvers: GraphQLResolverMap<Ctx>, secrets: SecretRing): GraphQLResolverMap<Ctx> {
  const merged = { ...resolvers } as Record<string, Record<string, unknown>>;
  for (const [type, field] of joinKeyArgumentFields(sdl)) {
    const inner = merged[type]?.[field] as FieldResolver | undefined;
    if (!inner) throw new Error(`${type}.${field} takes ${JOIN_KEYS_ARGUMENT} but the subgraph has no resolver for it`);
    merged[type] = {
      ...merged[type],
      [field]: (root: unknown, args: Record<string, unknown>, ctx: unknown, info: unknown) => {
        const { [JOIN_KEYS_ARGUMENT]: keys, ...rest } = args;
        return inner(root, { ...rest, idNumbers: openJoinKeys(secrets, keys as unknown[]) }, ctx, info);
      },
    };
  }
  return merged as GraphQLResolverMap<Ctx>;
}

/** The resolver of a field that answers the residents behind the keys as they are (each field then reads its loader). */
export const residentsByJoinKey = (_root: unknown, args: { idNumbers: string[] }): Array<{ idNumber: string }> => args.idNumbers.map((idNumber) => ({ idNumber }));
