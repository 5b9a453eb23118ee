/**
 * What the social insurance system looks like from HR & social security's side: API v2 paths,
 * its limits (100 ID numbers per query, pages of at most 50), the X-Serial-No idempotency
 * header, its wire records (amounts in fen, its own pension and payment codes, the reference a
 * stop was made under, the claims filed) and how they read as domain types.
 */
import { z } from 'zod';
import type { BenefitStatus, Pension, PensionKind } from '../../../../domain/residents';

/** A pension as the system records it, with the reference of the stop that ended it (if any). */
export interface InsurancePension extends Pension {
  /** The reference sent with the stop that terminated the pension; null while it pays or when stopped before the system kept one. */
  stopReference: string | null;
}

/** A funeral grant and survivor pension claim filed for the person. */
export interface FuneralClaim {
  claimId: string;
  /** The reference the claim was filed under (e.g. the intake id). */
  reference: string;
  /** YYYY-MM-DD of death the claim states. */
  deathDate: string;
}

/** What HR & social security knows of a person the system has a record of. */
export interface InsuranceRecord {
  insured: boolean;
  pension: InsurancePension | null;
  /** The funeral grant claim filed for the person; null when none was. */
  funeralClaim: FuneralClaim | null;
}

export const MAX_IDS_PER_QUERY = 100;
export const MAX_PAGE_SIZE = 50;
/** Business serial number the system de-duplicates writes by: a repeat replays the first answer. */
export const SERIAL_HEADER = 'X-Serial-No';
export const FUNERAL_CLAIM_TYPE = 'FUNERAL_GRANT_AND_SURVIVOR_PENSION';

export const paths = {
  insuredPersons: (idNumbers: readonly string[], page: number, pageSize: number) =>
    `/si/v2/insured-persons?idNumbers=${idNumbers.join(',')}&page=${page}&pageSize=${pageSize}`,
  insuredPerson: (idNumber: string) => `/si/v2/insured-persons/${idNumber}`,
  stopPension: (idNumber: string) => `/si/v2/pensions/${idNumber}/stop`,
  claims: '/si/v2/claims',
};

const PENSION_KIND = { EMPLOYEE_BASIC: 'EMPLOYEE_RETIREMENT', RESIDENT_BASIC: 'URBAN_RURAL_RESIDENT' } as const satisfies Record<string, PensionKind>;
const PAY_STATUS = { PAYING: 'ACTIVE', SUSPENDED: 'SUSPENDED', TERMINATED: 'STOPPED' } as const satisfies Record<string, BenefitStatus>;

export const WirePension = z.object({
  type: z.enum(['EMPLOYEE_BASIC', 'RESIDENT_BASIC']),
  payStatus: z.enum(['PAYING', 'SUSPENDED', 'TERMINATED']),
  monthlyAmountFen: z.number().int().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  endReference: z.string().nullish(),
});

export const WireClaim = z.looseObject({ claimId: z.string(), type: z.string(), status: z.string(), reference: z.string(), deathDate: z.string() });

export const WireInsuredPerson = z.object({
  idNumber: z.string(),
  insured: z.boolean(),
  pension: WirePension.nullable(),
  claims: z.array(WireClaim).default([]),
});

export const WirePage = z.object({
  items: z.array(WireInsuredPerson),
  page: z.number().int(),
  pageSize: z.number().int(),
  totalItems: z.number().int(),
  totalPages: z.number().int(),
});
export type WirePage = z.output<typeof WirePage>;

/** Every non-2xx answer: {code, message}; some add a field (claimId, endDate). */
export const WireError = z.looseObject({ code: z.string(), message: z.string().optional(), claimId: z.string().optional() });

export function toPension(wire: z.output<typeof WirePension>): InsurancePension {
  return {
    kind: PENSION_KIND[wire.type],
    status: PAY_STATUS[wire.payStatus],
    monthlyAmount: wire.monthlyAmountFen === null ? null : wire.monthlyAmountFen / 100,
    since: wire.startDate,
    stoppedOn: wire.endDate,
    stopReference: wire.endReference ?? null,
  };
}

export function toRecord(wire: z.output<typeof WireInsuredPerson>): InsuranceRecord {
  // The system files at most one claim of a type per person.
  const claim = wire.claims.find((c) => c.type === FUNERAL_CLAIM_TYPE);
  return {
    insured: wire.insured,
    pension: wire.pension ? toPension(wire.pension) : null,
    funeralClaim: claim ? { claimId: claim.claimId, reference: claim.reference, deathDate: claim.deathDate } : null,
  };
}

/** Serial numbers the system accepts: 8-128 of [A-Za-z0-9._:/-]. */
export const SERIAL_PATTERN = /^[A-Za-z0-9._:/-]{8,128}$/;
