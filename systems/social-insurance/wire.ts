/**
 * The social insurance system's wire vocabulary (API v2): its own names for pension types and
 * payment states, amounts in fen (1/100 yuan) as integers, and the shapes of its requests.
 * The adapter in subgraphs/hrss describes the same protocol from the caller's side.
 */
import { z } from 'zod';
import type { BenefitStatus, PensionKind } from '../../domain/residents';

export const API = '/si/v2';
/** At most this many ID numbers in one lookup; more is a 400. */
export const MAX_IDS_PER_QUERY = 100;
/** Largest page; a bigger `pageSize` is a 400. */
export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 20;
/** Business serial number (业务流水号) every write must carry; a repeat replays the first answer. */
export const SERIAL_HEADER = 'X-Serial-No';

export type WirePensionType = 'EMPLOYEE_BASIC' | 'RESIDENT_BASIC';
export type WirePayStatus = 'PAYING' | 'SUSPENDED' | 'TERMINATED';

export const PENSION_TYPE: Record<PensionKind, WirePensionType> = {
  EMPLOYEE_RETIREMENT: 'EMPLOYEE_BASIC',
  URBAN_RURAL_RESIDENT: 'RESIDENT_BASIC',
};
export const PAY_STATUS: Record<BenefitStatus, WirePayStatus> = {
  ACTIVE: 'PAYING',
  SUSPENDED: 'SUSPENDED',
  STOPPED: 'TERMINATED',
};

export interface WirePension {
  type: WirePensionType;
  payStatus: WirePayStatus;
  monthlyAmountFen: number;
  startDate: string;
  endDate: string | null;
  endReason: string | null;
  /** The caller's reference recorded with the stop that terminated the pension; null while it pays or when stopped before this API. */
  endReference: string | null;
}

export interface WireInsuredPerson {
  idNumber: string;
  insured: boolean;
  pension: WirePension | null;
  /** Claims filed for the person (funeral grant and survivor pension), oldest first. */
  claims: WireClaim[];
}

export interface WirePage<T> {
  items: T[];
  page: number;
  pageSize: number;
  totalItems: number;
  totalPages: number;
}

/** Error body of every non-2xx answer. */
export interface WireError {
  code: string;
  message: string;
}

const isoDate = z.iso.date();
const reference = z.string().min(1).max(64);

export const StopPensionBody = z.strictObject({
  reason: z.enum(['DEATH', 'MOVED_OUT', 'OTHER']),
  effectiveDate: isoDate,
  reference,
});
export type StopPensionBody = z.output<typeof StopPensionBody>;

export const FUNERAL_CLAIM_TYPE = 'FUNERAL_GRANT_AND_SURVIVOR_PENSION';
export const ClaimBody = z.strictObject({
  type: z.literal(FUNERAL_CLAIM_TYPE),
  idNumber: z.string().regex(/^\d{17}[\dX]$/),
  deathDate: isoDate,
  reference,
});
export type ClaimBody = z.output<typeof ClaimBody>;

export interface WireClaim {
  claimId: string;
  type: string;
  idNumber: string;
  deathDate: string;
  status: 'RECEIVED';
  reference: string;
  receivedAt: string;
}
