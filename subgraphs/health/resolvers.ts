/**
 * Resident fields owned by the health department, and the list of residents the platform records
 * as dead. Entity resolution calls no system: each field asks its loader, so a failing health
 * platform nulls only these fields.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { Benefit, VitalStatus } from '../../domain/residents';
import type { HealthContext } from './context';
import { residentsByJoinKey } from '../../platform/auth/joinKeyArguments';

interface ResidentRef {
  idNumber: string;
}

export const healthResolvers: GraphQLResolverMap<HealthContext> = {
  Query: {
    async recordedDeaths(_root: unknown, _args: unknown, ctx: HealthContext): Promise<ResidentRef[]> {
      const deaths = await ctx.adapters.healthPlatform.deceasedResidents();
      // The search already read each vital status: Resident.vitalStatus is served from the loader's cache.
      for (const [idNumber, vitalStatus] of deaths) ctx.loaders.vitalStatus.prime(idNumber, vitalStatus);
      return [...deaths.keys()].map((idNumber) => ({ idNumber }));
    },
    // Reconciliation's batch read: the platform opened the join keys; each field then reads its loader, one batch for all.
    healthReconciliationCandidates: residentsByJoinKey,
  },
  Resident: {
    __resolveReference: (ref: ResidentRef): ResidentRef => ({ idNumber: ref.idNumber }),
    vitalStatus: (resident: ResidentRef, _args: unknown, ctx: HealthContext): Promise<VitalStatus | null> => ctx.loaders.vitalStatus.load(resident.idNumber),
    familyPlanningAssistance: (resident: ResidentRef, _args: unknown, ctx: HealthContext): Promise<Benefit | null> => ctx.loaders.familyPlanning.load(resident.idNumber),
  },
};
