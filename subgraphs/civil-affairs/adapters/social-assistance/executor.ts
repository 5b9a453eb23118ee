/**
 * Calls the social assistance system through the shared HttpClient and turns its JSON into
 * domain types: a person's subsistence allowance and special-hardship cases, and termination
 * outcomes. Callers never see paths, status codes or wire field names.
 */
import type { z } from 'zod';
import { isValidIdNumber } from '../../../../domain/idNumber';
import type { Benefit } from '../../../../domain/residents';
import { mapWithConcurrency } from '../../../../platform/concurrency';
import { DefinitiveRejection, UpstreamError } from '../../../../platform/errors';
import { assertClientFor, type HttpClient, type HttpResponse } from '../../../../platform/http/client';
import { parseJsonReply } from '../../../../platform/http/jsonReply';
import {
  BATCH_LIMIT,
  BatchLookupReply,
  IDEMPOTENCY_KEY_HEADER,
  paths,
  RecipientReply,
  TERMINATION_STATUS,
  type WireCase,
  type WireTermination,
} from './description';

const SYSTEM = 'SOCIAL_ASSISTANCE';
// A long list is read a few batches at a time rather than all at once.
const BATCH_CONCURRENCY = 4;

/** A social assistance benefit, with the case number a termination needs. */
export interface CaseBenefit extends Benefit {
  caseNo: string;
  /**
   * The reference the termination that stopped the case was recorded with (our intake id when
   * we stopped it); null while the case runs or when it was stopped outside any recorded termination.
   */
  stopReference: string | null;
}

/** What the system holds on one person; a programme the person is not enrolled in is absent. */
export interface SocialAssistanceRecord {
  subsistenceAllowance?: CaseBenefit;
  specialHardship?: CaseBenefit;
}

export interface TerminationDetails {
  reason: 'DEATH' | 'MOVED_OUT';
  /** YYYY-MM-DD the benefit stops. */
  effectiveDate: string;
  /** Our reference (e.g. the intake id), recorded by the system with the termination. */
  reference: string;
}

export type TerminationOutcome = 'STOPPED' | 'ALREADY_STOPPED' | 'NO_SUCH_CASE';

/** HttpClient options the adapter leaves to its owner (the system name and retry rule are its own). */
export class SocialAssistanceAdapter {
  /** @param http the platform's client to the social assistance system. */
  constructor(readonly http: HttpClient) {
    assertClientFor(SYSTEM, http);
  }

  /**
   * Reads many people in calls of at most {@link BATCH_LIMIT}; people without a case are absent
   * from the map. Numbers that are not valid ID numbers cannot be enrolled and are not sent.
   */
  async lookupMany(idNumbers: readonly string[]): Promise<Map<string, SocialAssistanceRecord>> {
    const wanted = [...new Set(idNumbers)].filter((id) => isValidIdNumber(id));
    const batches: string[][] = [];
    for (let i = 0; i < wanted.length; i += BATCH_LIMIT) batches.push(wanted.slice(i, i + BATCH_LIMIT));
    const replies = await mapWithConcurrency(batches, BATCH_CONCURRENCY, async (batch) => {
      const res = await this.http.request({
        method: 'POST',
        path: paths.batchLookup,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ idNumbers: batch }),
        idempotent: true, // a lookup: POST only because the list does not fit a URL
        kind: 'read',
        operation: 'lookupBatch',
      });
      return parseReply(BatchLookupReply, res).cases;
    });
    return recordsByPerson(replies.flat());
  }

  /** One person's record, or null when the system has no case for them. */
  async lookup(idNumber: string): Promise<SocialAssistanceRecord | null> {
    if (!isValidIdNumber(idNumber)) return null;
    const res = await this.http.request({ method: 'GET', path: paths.recipient(idNumber), accept: [404], operation: 'lookup' });
    if (res.status === 404) return null;
    return recordsByPerson(parseReply(RecipientReply, res).cases).get(idNumber) ?? null;
  }

  /**
   * Stops one case. Safe to retry with the same `idempotencyKey` (the system replays its first
   * answer instead of writing again), so the HTTP client may retry it too.
   */
  async terminate(caseNo: string, details: TerminationDetails, idempotencyKey: string): Promise<TerminationOutcome> {
    const body: WireTermination = { reason: details.reason, effectiveDate: details.effectiveDate, reference: details.reference };
    let res: HttpResponse;
    try {
      res = await this.http.request({
        method: 'POST',
        path: paths.termination(caseNo),
        headers: { 'Content-Type': 'application/json', [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
        body: JSON.stringify(body),
        idempotent: true,
        accept: [TERMINATION_STATUS.noSuchCase, TERMINATION_STATUS.alreadyStopped],
        operation: 'terminate',
      });
    } catch (err) {
      if (err instanceof UpstreamError && err.status === TERMINATION_STATUS.keyReused) {
        throw new DefinitiveRejection(SYSTEM, 'refused the termination: its Idempotency-Key was already used for a different request', err.status);
      }
      throw err;
    }
    if (res.status === TERMINATION_STATUS.noSuchCase) return 'NO_SUCH_CASE';
    if (res.status === TERMINATION_STATUS.alreadyStopped) return 'ALREADY_STOPPED';
    return 'STOPPED';
  }

  /**
   * Stops every case of the person that is not stopped yet (a death or a move out). Each case
   * gets its own key derived from `idempotencyKey`, so calling this again writes nothing twice.
   * Programmes the person is not enrolled in are absent from the result.
   */
  async terminateAllOf(idNumber: string, details: TerminationDetails, idempotencyKey: string): Promise<Partial<Record<keyof SocialAssistanceRecord, TerminationOutcome>>> {
    const record = await this.lookup(idNumber);
    const out: Partial<Record<keyof SocialAssistanceRecord, TerminationOutcome>> = {};
    for (const programme of ['subsistenceAllowance', 'specialHardship'] as const) {
      const benefit = record?.[programme];
      if (!benefit) continue;
      out[programme] = benefit.status === 'STOPPED' ? 'ALREADY_STOPPED' : await this.terminate(benefit.caseNo, details, `${idempotencyKey}:${benefit.caseNo}`);
    }
    return out;
  }
}

function parseReply<S extends z.ZodType>(schema: S, res: HttpResponse): z.output<S> {
  return parseJsonReply(SYSTEM, schema, res);
}

const FIELD_OF: Record<WireCase['programme'], keyof SocialAssistanceRecord> = {
  SUBSISTENCE_ALLOWANCE: 'subsistenceAllowance',
  SPECIAL_HARDSHIP: 'specialHardship',
};
// When a person has several cases of one programme (an old stopped one, a new one), the live one counts.
const STATUS_RANK: Record<WireCase['status'], number> = { ACTIVE: 0, SUSPENDED: 1, STOPPED: 2 };

function recordsByPerson(cases: readonly WireCase[]): Map<string, SocialAssistanceRecord> {
  const out = new Map<string, SocialAssistanceRecord>();
  for (const c of cases) {
    const record = out.get(c.idNumber) ?? {};
    const field = FIELD_OF[c.programme];
    const held = record[field];
    if (!held || STATUS_RANK[c.status] < STATUS_RANK[held.status] || (c.status === held.status && (c.since ?? '') > (held.since ?? ''))) {
      record[field] = { caseNo: c.caseNo, status: c.status, monthlyAmount: c.monthlyAmount, since: c.since, stoppedOn: c.stoppedOn, stopReference: c.terminationReference ?? null };
    }
    out.set(c.idNumber, record);
  }
  return out;
}
