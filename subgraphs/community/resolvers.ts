/**
 * Resolvers of schema/community.graphql. They see domain types only; every Resident field
 * goes through the per-request person loader, and `residents` primes it with the page it read.
 * Community workers see their own community's residents only: `resident` refuses another's,
 * `residents` lists their community alone (and each Resident field checks it again,
 * platform/auth/fieldPolicy.ts, with `communityOf` below).
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { ID_NUMBER_RULE_MESSAGES, idNumberProblem } from '../../domain/idNumber';
import type { RegisteredPerson } from '../../domain/residents';
import { policyErrors } from '../../platform/auth/fieldPolicy';
import { errors } from '../../platform/errors';
import type { PersonPage } from './adapters/community-registry';
import type { CommunityContext } from './context';
import { decodeCursor, encodeCursor } from './cursor';
import { pageKey } from './loaders';

/** Largest page of `residents`. */
export const RESIDENTS_PAGE_MAX = 100;

/** What a Resident resolves from: its key. Its fields are read through the loader. */
interface ResidentRef {
  idNumber: string;
}

async function person(ref: ResidentRef, ctx: CommunityContext): Promise<RegisteredPerson> {
  const found = await ctx.loaders.person.load(ref.idNumber);
  if (!found) throw errors.notFound('The resident in the community registry');
  return found;
}

/** A Resident field read from the registry's person record. */
const field =
  <T>(pick: (p: RegisteredPerson) => T) =>
  async (ref: ResidentRef, _args: unknown, ctx: CommunityContext): Promise<T> =>
    pick(await person(ref, ctx));

function residentsArgs(first: unknown, after: unknown): { first: number; after: string | null } {
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > RESIDENTS_PAGE_MAX) {
    throw errors.badUserInput([{ path: ['first'], rule: 'range', message: `must be an integer from 1 to ${RESIDENTS_PAGE_MAX}, but got ${String(first)}` }]);
  }
  if (after === null || after === undefined) return { first, after: null };
  const decoded = typeof after === 'string' ? decodeCursor(after) : null;
  if (!decoded) {
    throw errors.badUserInput([{ path: ['after'], rule: 'cursor', message: 'must be an endCursor returned by residents; this cursor could not be decoded' }]);
  }
  return { first, after: decoded };
}

/** The community a resident is registered in, by the registry (null: not registered). */
export async function communityOf(idNumber: string, ctx: CommunityContext): Promise<string | null> {
  return (await ctx.loaders.person.load(idNumber))?.community ?? null;
}

/** A page of one community's residents in ID-number order: the registry's export of that community, paged here. */
async function communityPage(ctx: CommunityContext, community: string, first: number, after: string | null): Promise<PersonPage> {
  const everyone = [...((await ctx.loaders.communityExport.load(community)) ?? [])].sort((a, b) => (a.idNumber < b.idNumber ? -1 : a.idNumber > b.idNumber ? 1 : 0));
  const from = after === null ? 0 : everyone.findIndex((p) => p.idNumber > after);
  const persons = from < 0 ? [] : everyone.slice(from, from + first);
  const more = from >= 0 && from + first < everyone.length;
  return { persons, nextAfter: more ? persons[persons.length - 1].idNumber : null, total: everyone.length };
}

export const resolvers: GraphQLResolverMap<CommunityContext> = {
  Query: {
    async resident(_root, { idNumber }: { idNumber: string }, ctx: CommunityContext) {
      const rule = idNumberProblem(idNumber);
      if (rule) throw errors.badUserInput([{ path: ['idNumber'], rule, message: ID_NUMBER_RULE_MESSAGES[rule] }]);
      const found = await ctx.loaders.person.load(idNumber);
      // Unknown or elsewhere, the same answer: a community worker learns nothing of other communities.
      if (ctx.caller?.role === 'community' && found?.community !== ctx.caller.community) throw policyErrors.community();
      return found ? { idNumber } : null;
    },

    async residents(_root, args: { first?: unknown; after?: unknown }, ctx: CommunityContext) {
      const { first, after } = residentsArgs(args.first, args.after);
      const caller = ctx.caller;
      const page = caller?.role === 'community' && caller.community ? await communityPage(ctx, caller.community, first, after) : (await ctx.loaders.page.load(pageKey(first, after)))!;
      // The page already holds every field: the Resident resolvers below read it from the cache.
      for (const p of page.persons) ctx.loaders.person.prime(p.idNumber, p);
      const last = page.persons[page.persons.length - 1];
      return {
        nodes: page.persons.map((p): ResidentRef => ({ idNumber: p.idNumber })),
        pageInfo: { endCursor: last ? encodeCursor(last.idNumber) : null, hasNextPage: page.nextAfter !== null },
        totalCount: page.total,
      };
    },

    communities: (_root, _args, ctx: CommunityContext) => ctx.adapters.registry.communities(),

    async departedResidents(_root, _args, ctx: CommunityContext) {
      const persons = await ctx.adapters.registry.listDepartures();
      for (const p of persons) ctx.loaders.person.prime(p.idNumber, p);
      return persons.map((p): ResidentRef => ({ idNumber: p.idNumber }));
    },
  },

  Resident: {
    // Never calls the registry: each field asks the loader, so a failing registry nulls only its fields.
    __resolveReference: (ref: ResidentRef): ResidentRef => ({ idNumber: ref.idNumber }),
    name: field((p) => p.name),
    sex: field((p) => (p.sex === 'M' ? 'MALE' : 'FEMALE')),
    birthDate: field((p) => p.birthDate),
    address: field((p) => p.address),
    community: field((p) => p.community),
    registryStatus: field((p) => p.status),
    registryStatusSince: field((p) => p.statusSince),
  },
};
