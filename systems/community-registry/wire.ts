/**
 * The registry's JSON shapes: how a stored row goes on the wire, and the request bodies it
 * accepts (validated with zod; a bad body is a 400 naming each bad field).
 */
import { z } from 'zod';
import { idNumberProblem, isRealDate } from '../../domain/idNumber';
import type { DwellingRow, PersonRow } from './store';

/** Most ID numbers one lookup may carry. */
export const LOOKUP_MAX = 200;
/** Largest page of the person list. */
export const PAGE_MAX = 200;
export const PAGE_DEFAULT = 50;

export function personJson(row: PersonRow) {
  return {
    idNumber: row.id_number,
    name: row.name,
    sex: row.sex,
    birthDate: row.birth_date,
    communityCode: row.community_code,
    dwellingId: row.dwelling_id,
    address: row.address,
    status: row.status,
    statusSince: row.status_since,
    movedTo: row.moved_to,
  };
}

export function dwellingJson(row: DwellingRow, occupants: PersonRow[]) {
  return {
    dwellingId: row.dwelling_id,
    communityCode: row.community_code,
    address: row.address,
    occupancy: row.occupancy,
    vacantSince: row.vacant_since,
    occupants: occupants.map(personJson),
  };
}

/** Columns of `GET /registry/export.csv`, in order. */
export const EXPORT_HEADER = ['idNumber', 'name', 'sex', 'birthDate', 'communityCode', 'dwellingId', 'address', 'status', 'statusSince', 'movedTo'] as const;

export function exportRecord(row: PersonRow): (string | null)[] {
  const json = personJson(row);
  return EXPORT_HEADER.map((column) => json[column]);
}

const idNumber = z.string().refine((v) => idNumberProblem(v) === null, { message: 'must be a valid GB 11643 ID number' });
const isoDate = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isRealDate(v.replace(/-/g, '')), { message: 'must be a real date YYYY-MM-DD' });

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(PAGE_DEFAULT),
  after: z.string().max(32).default(''),
  /** `departed`: only persons who died or moved away. */
  status: z.enum(['departed']).optional(),
});

export const LookupBody = z.strictObject({
  idNumbers: z.array(z.string().max(32)).min(1).max(LOOKUP_MAX),
});

/** A population change, as posted to `/registry/changes` or as one row of an import. */
export const ChangeBody = z
  .strictObject({
    idNumber,
    kind: z.enum(['DEATH', 'MOVED_OUT']),
    effectiveDate: isoDate,
    reference: z.string().trim().min(1).max(100),
    destination: z.string().trim().min(1).max(200).optional(),
  })
  .refine((c) => c.kind === 'MOVED_OUT' || c.destination === undefined, { message: 'only a MOVED_OUT change has a destination', path: ['destination'] });
export type ChangeBody = z.output<typeof ChangeBody>;

/** Bad-request reply listing each bad field with its rule, never echoing the values. */
export function invalid(error: string, issues: z.core.$ZodIssue[]) {
  return {
    error,
    message: issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    issues: issues.map((i) => ({ path: i.path.map(String), message: i.message })),
  };
}
