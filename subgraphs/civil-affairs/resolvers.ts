/**
 * Resolvers of the civil-affairs subgraph. A reference resolves without calling any system;
 * each field reads its own system through its loader, so a failing system nulls only its own
 * fields (with a coded error naming it) and a person not enrolled gets null without an error.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { Benefit, DisabilitySubsidy } from '../../domain/residents';
import type { CivilAffairsContext } from './context';
import { residentsByJoinKey } from '../../platform/auth/joinKeyArguments';

interface ResidentRef {
  idNumber: string;
}

// Only the contract's fields leave the subgraph (the case number stays with the adapter).
const benefit = (b: Benefit | undefined) => (b ? { status: b.status, monthlyAmount: b.monthlyAmount, since: b.since, stoppedOn: b.stoppedOn } : null);
const disability = (d: DisabilitySubsidy | undefined) => (d ? { ...benefit(d), category: d.category } : null);

export const resolvers: GraphQLResolverMap<CivilAffairsContext> = {
  // Reconciliation's batch read: the platform opened the join keys; each field then reads its loader, one batch for all.
  Query: { civilAffairsReconciliationCandidates: residentsByJoinKey },
  Resident: {
    __resolveReference: (ref: ResidentRef): ResidentRef => ({ idNumber: ref.idNumber }),
    subsistenceAllowance: async (r: ResidentRef, _args: unknown, ctx: CivilAffairsContext) =>
      benefit((await ctx.loaders.socialAssistance.load(r.idNumber))?.subsistenceAllowance),
    specialHardship: async (r: ResidentRef, _args: unknown, ctx: CivilAffairsContext) =>
      benefit((await ctx.loaders.socialAssistance.load(r.idNumber))?.specialHardship),
    elderlySubsidy: async (r: ResidentRef, _args: unknown, ctx: CivilAffairsContext) =>
      benefit((await ctx.loaders.subsidies.load(r.idNumber))?.elderlySubsidy),
    disabilitySubsidy: async (r: ResidentRef, _args: unknown, ctx: CivilAffairsContext) =>
      disability((await ctx.loaders.subsidies.load(r.idNumber))?.disabilitySubsidy),
  },
};
