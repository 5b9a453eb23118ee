/**
 * Entities join on a sealed key (joinKey.ts), not on the ID number the client sees. For every
 * entity type whose SDL declares `joinKey`, a subgraph: serves `joinKey` by sealing the entity's
 * ID number (with the resident's community when the caller is a community worker, so the other
 * subgraphs can hold them to it), and opens the key of each `_entities` representation before
 * the department's own `__resolveReference` sees a plain `{ idNumber }`. A representation
 * without a join key (only the gateway can send one, and it always sends the key) is taken as is.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { Kind, type DocumentNode, type GraphQLResolveInfo } from 'graphql';
import { errors } from '../errors';
import type { Caller } from './caller';
import { openJoinKey, sealJoinKey } from './joinKey';
import type { SecretRing } from './secrets';

export const JOIN_KEY_FIELD = 'joinKey';
/** Where a resolved reference keeps the community its join key vouched for (null: none). */
export const RESIDENT_SCOPE = Symbol('residentScope');

interface ReferenceContext {
  caller: Caller | null;
}

type Reference = { idNumber?: unknown; joinKey?: unknown; [RESIDENT_SCOPE]?: string | null } & Record<string, unknown>;
type ResolveReference = (ref: Reference, ctx: unknown, info: GraphQLResolveInfo) => unknown;

/** Names of the object types in `sdl` that declare a join key. */
export function joinKeyTypes(sdl: DocumentNode): string[] {
  return sdl.definitions.flatMap((d) =>
    (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) && d.fields?.some((f) => f.name.value === JOIN_KEY_FIELD) ? [d.name.value] : [],
  );
}

function markScope(value: unknown, scope: string | null): unknown {
  if (value && typeof value === 'object') Object.defineProperty(value, RESIDENT_SCOPE, { value: scope, enumerable: false, configurable: true });
  return value;
}

export interface EntityReferenceOptions<Ctx> {
  /** The internal secrets: join keys are sealed with the current one, opened with it or a previous one (during a rotation). */
  secrets: SecretRing;
  /** The community a resident is registered in, where this subgraph holds that data. */
  communityOf?: (idNumber: string, ctx: Ctx) => Promise<string | null>;
}

/** The resolver map with join-key handling added to every entity type of `sdl`. */
export function withEntityReferences<Ctx extends ReferenceContext>(sdl: DocumentNode, resolvers: GraphQLResolverMap<Ctx>, options: EntityReferenceOptions<Ctx>): GraphQLResolverMap<Ctx> {
  const merged = { ...resolvers } as Record<string, Record<string, unknown>>;
  for (const type of joinKeyTypes(sdl)) {
    const own = merged[type] ?? {};
    const inner = own.__resolveReference as ResolveReference | undefined;
    merged[type] = {
      ...own,
      __resolveReference(rep: Reference, ctx: Ctx, info: GraphQLResolveInfo) {
        try {
          let ref: Reference = rep;
          let scope: string | null = null;
          if (rep.joinKey !== undefined) {
            const opened = openJoinKey(options.secrets, rep.joinKey);
            if (!opened) throw errors.forbidden('the entity reference was not issued by this platform');
            const { joinKey: _sealed, ...rest } = rep;
            ref = { ...rest, idNumber: opened.idNumber };
            scope = opened.community;
          }
          const resolved = inner ? inner(ref, ctx, info) : ref;
          return resolved instanceof Promise ? resolved.then((v) => markScope(v, scope)) : markScope(resolved, scope);
        } catch (err) {
          // Rejected, not thrown: `_entities` resolves the representations in one map, and a throw would null them all.
          return Promise.reject(err);
        }
      },
      [JOIN_KEY_FIELD]:
        own[JOIN_KEY_FIELD] ??
        ((parent: Reference, _args: unknown, ctx: Ctx) => {
          const idNumber = String(parent.idNumber);
          if (ctx.caller?.role !== 'community') return sealJoinKey(options.secrets.current, { idNumber });
          const community = options.communityOf ? options.communityOf(idNumber, ctx) : Promise.resolve(parent[RESIDENT_SCOPE] ?? null);
          return community.then((c) => sealJoinKey(options.secrets.current, { idNumber, community: c }));
        }),
    };
  }
  return merged as GraphQLResolverMap<Ctx>;
}
