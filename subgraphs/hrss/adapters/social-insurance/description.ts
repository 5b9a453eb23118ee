/**
 * What the social insurance system looks like from HR & social security's side: API v2 paths,
 * its limits (100 ID numbers per query, pages of at most 50), the X-Serial-No idempotency
 * header, its wire records (amounts in fen, its own pension and payment codes) and how they
 * read as domain types.
 */
import { z } from 'zod';
import type { BenefitStatus, Pension, PensionKind } from '../../../../domain/residents';

export const MAX_IDS_PER_QUERY = 100;
export const MAX_PAGE_SIZE = 50;
/** Business serial number the system de-duplicates writes by: a repeat replays the first answer. */
export const SERIAL_HEADER = 'X-Serial-No';
export const FUNERAL_CLAIM_TYPE = 'FUNERAL_GRANT_AND_SURVIVOR_PENSION';

export const paths = {
  insuredPersons: (idNumbers: readonly string[], page: number, pageSize: number) =>
    `/si/v2/insured-persons?idNumbers=${idNumbers.join(',')}&page=${page}&pageSize=${pageSize}`,
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
});

export const WireInsuredPerson = z.object({
  idNumber: z.string(),
  insured: z.boolean(),
  pension: WirePension.nullable(),
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

export const WireClaim = z.looseObject({ claimId: z.string(), status: z.string() });

export function toPension(wire: z.output<typeof WirePension>): Pension {
  return {
    kind: PENSION_KIND[wire.type],
    status: PAY_STATUS[wire.payStatus],
    monthlyAmount: wire.monthlyAmountFen === null ? null : wire.monthlyAmountFen / 100,
    since: wire.startDate,
    stoppedOn: wire.endDate,
  };
}

/** Serial numbers the system accepts: 8-128 of [A-Za-z0-9._:/-]. */
export const SERIAL_PATTERN = /^[A-Za-z0-9._:/-]{8,128}$/;
