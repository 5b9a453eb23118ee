/**
 * What the social assistance system looks like on the wire: REST/JSON, a batch lookup of at
 * most 100 ID numbers, case terminations that honour an Idempotency-Key header. Only this file
 * knows its paths and field names.
 */
import { z } from 'zod';

/** Most ID numbers the batch lookup accepts in one request (it answers 400 above that). */
export const BATCH_LIMIT = 100;

export const paths = {
  batchLookup: '/api/v1/recipients/batch-lookup',
  recipient: (idNumber: string) => `/api/v1/recipients/${encodeURIComponent(idNumber)}`,
  termination: (caseNo: string) => `/api/v1/cases/${encodeURIComponent(caseNo)}/termination`,
} as const;

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

export const WireProgramme = z.enum(['SUBSISTENCE_ALLOWANCE', 'SPECIAL_HARDSHIP']);
export type WireProgramme = z.output<typeof WireProgramme>;

export const WireCase = z.object({
  caseNo: z.string().min(1),
  idNumber: z.string(),
  programme: WireProgramme,
  status: z.enum(['ACTIVE', 'SUSPENDED', 'STOPPED']),
  monthlyAmount: z.number().nullable(),
  since: z.string().nullable(),
  stoppedOn: z.string().nullable(),
  /** The reference the stopping termination was recorded with; null (or absent) while the case runs. */
  terminationReference: z.string().nullish(),
});
export type WireCase = z.output<typeof WireCase>;

/** 200 of POST batch-lookup: the cases found; ID numbers without a case are simply absent. */
export const BatchLookupReply = z.object({ cases: z.array(WireCase) });
/** 200 of GET recipients/:idNumber (404 when the person has no case). */
export const RecipientReply = z.object({ idNumber: z.string(), cases: z.array(WireCase) });

/** Body of POST cases/:caseNo/termination. */
export interface WireTermination {
  reason: 'DEATH' | 'MOVED_OUT';
  effectiveDate: string;
  reference: string;
}

/** Statuses of a termination the adapter interprets itself rather than as errors. */
export const TERMINATION_STATUS = { stopped: 200, noSuchCase: 404, alreadyStopped: 409, keyReused: 422 } as const;
