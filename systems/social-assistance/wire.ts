/** The JSON the social assistance system speaks: request schemas, the case document, error bodies. */
import type { Response } from 'express';
import { z } from 'zod';
import { isRealDate } from '../../domain/idNumber';
import { TERMINATION_REASONS, type CaseRow } from './store';

/** Most ID numbers one batch lookup may carry. */
export const BATCH_LIMIT = 100;

// The system checks the shape of an ID number only; a number it does not know is simply not found.
const IdNumber = z.string().regex(/^\d{17}[\dX]$/, 'must be 17 digits followed by a digit or X');
const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => isRealDate(d.replace(/-/g, '')), 'must be a date that exists');

export const BatchLookupBody = z.strictObject({
  idNumbers: z.array(IdNumber).min(1, 'must hold at least 1 ID number'),
});

export const TerminationBody = z.strictObject({
  reason: z.enum(TERMINATION_REASONS),
  effectiveDate: IsoDate,
  reference: z.string().trim().min(1).max(100),
});

/** `Idempotency-Key` header: required on writes; printable ASCII. */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 printable ASCII characters');

export interface CaseDocument {
  caseNo: string;
  idNumber: string;
  programme: CaseRow['programme'];
  status: CaseRow['status'];
  monthlyAmount: number;
  since: string;
  stoppedOn: string | null;
  /** The reference the termination that stopped the case was recorded with (null while it runs). */
  terminationReference: string | null;
}

export function caseDocument(row: CaseRow): CaseDocument {
  return {
    caseNo: row.case_no,
    idNumber: row.id_number,
    programme: row.programme,
    status: row.status,
    monthlyAmount: row.monthly_amount,
    since: row.since,
    stoppedOn: row.stopped_on,
    terminationReference: row.termination_reference,
  };
}

/** A 400 body naming each bad field (paths and messages only: never the values sent). */
export function badRequest(error: z.ZodError) {
  return {
    error: 'bad_request',
    message: 'The request breaks the API rules; see issues.',
    issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  };
}

/** How the system reports its own failure (also what fault injection's `error` mode answers). */
export function internalError(res: Response): void {
  res.status(500).json({ error: 'internal_error', message: 'The social assistance system failed to process the request.' });
}
