/**
 * Resident fields owned by HR & social security. Entity resolution calls no system: each field
 * asks the loader, so a failing social insurance system nulls only these fields.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { Pension } from '../../domain/residents';
import type { HrssContext } from './context';
import { residentsByJoinKey } from '../../platform/auth/joinKeyArguments';

interface ResidentRef {
  idNumber: string;
}

export const hrssResolvers: GraphQLResolverMap<HrssContext> = {
  // Reconciliation's batch read: the platform opened the join keys; each field then reads its loader, one batch for all.
  Query: { hrssReconciliationCandidates: residentsByJoinKey },
  Resident: {
    __resolveReference: (ref: ResidentRef): ResidentRef => ({ idNumber: ref.idNumber }),
    pension: async (resident: ResidentRef, _args: unknown, ctx: HrssContext): Promise<Pension | null> =>
      (await ctx.loaders.insurance.load(resident.idNumber))?.pension ?? null,
    // A person the system has no record of was never insured: false, not "unknown".
    insured: async (resident: ResidentRef, _args: unknown, ctx: HrssContext): Promise<boolean> =>
      (await ctx.loaders.insurance.load(resident.idNumber))?.insured ?? false,
  },
};
