/**
 * Resident fields owned by public security, and the list of cancelled registrations. Entity
 * resolution calls no system: each field asks its loader, so a failing exchange nulls only
 * these fields.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { shanghaiToday } from '../../domain/period';
import type { HouseholdRegistration } from './adapters/household-registration';
import type { PublicSecurityContext } from './context';

interface ResidentRef {
  idNumber: string;
}

/** The earliest day the change list is read from: the exchange keeps every cancellation since it went live. */
const EXCHANGE_RECORDS_FROM = '2000-01-01';

/** The kind of reported change each cancellation records. */
const RECORDS: Record<HouseholdRegistration['status'], 'DEATH' | 'MOVED_OUT' | null> = { REGISTERED: null, CANCELLED_DEATH: 'DEATH', CANCELLED_MOVED_OUT: 'MOVED_OUT' };

export const publicSecurityResolvers: GraphQLResolverMap<PublicSecurityContext> = {
  Query: {
    async cancelledRegistrations(_root: unknown, _args: unknown, ctx: PublicSecurityContext): Promise<ResidentRef[]> {
      const cancellations = await ctx.adapters.householdRegistration.cancellations(EXCHANGE_RECORDS_FROM, shanghaiToday());
      // The change list already holds each registration: Resident.householdRegistration is served from the loader's cache.
      for (const { idNumber, ...registration } of cancellations) ctx.loaders.registration.prime(idNumber, registration);
      return cancellations.map(({ idNumber }) => ({ idNumber }));
    },
  },
  Resident: {
    __resolveReference: (ref: ResidentRef): ResidentRef => ({ idNumber: ref.idNumber }),
    householdRegistration: (resident: ResidentRef, _args: unknown, ctx: PublicSecurityContext): Promise<HouseholdRegistration | null> =>
      ctx.loaders.registration.load(resident.idNumber),
  },
  HouseholdRegistration: {
    recordsChange: (registration: HouseholdRegistration, args: { kind: 'DEATH' | 'MOVED_OUT' }): boolean => RECORDS[registration.status] === args.kind,
  },
};
