/**
 * Calls the social insurance system through the shared HttpClient and answers in domain terms:
 * batch lookups that follow every page (HttpClient waits out 429 Retry-After within its budget),
 * and writes made idempotent by a serial number derived from the caller's reference, so a
 * retried delivery never stops a pension or files a claim twice.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { isValidIdNumber } from '../../../../domain/idNumber';
import { DefinitiveRejection, UpstreamError } from '../../../../platform/errors';
import { assertClientFor, type HttpClient, type HttpResponse } from '../../../../platform/http/client';
import { parseJsonReply } from '../../../../platform/http/jsonReply';
import {
  FUNERAL_CLAIM_TYPE,
  MAX_IDS_PER_QUERY,
  MAX_PAGE_SIZE,
  paths,
  SERIAL_HEADER,
  SERIAL_PATTERN,
  toRecord,
  WireClaim,
  WireError,
  WireInsuredPerson,
  WirePage,
  type InsuranceRecord,
} from './description';

export interface StopPensionInput {
  idNumber: string;
  reason: 'DEATH' | 'MOVED_OUT';
  /** YYYY-MM-DD the pension stops. */
  effectiveDate: string;
  /** Our reference for the change (e.g. the intake id); stored by the system with the write. */
  reference: string;
  /** Serial number for the write. @default derived from `reference`, so retries of one change share it */
  idempotencyKey?: string;
}
export type StopPensionOutcome = 'STOPPED' | 'ALREADY_STOPPED' | 'NO_PENSION';

export interface FuneralClaimInput {
  idNumber: string;
  /** YYYY-MM-DD of death. */
  deathDate: string;
  reference: string;
  /** @default derived from `reference` */
  idempotencyKey?: string;
}
export interface FuneralClaimOutcome {
  outcome: 'FILED' | 'ALREADY_FILED' | 'NOT_INSURED';
  /** The system's claim number; null when no claim applies. */
  claimId: string | null;
}

export interface SocialInsuranceAdapterOptions {
  /** Page size asked for; the system allows at most 50. @default 50 */
  pageSize?: number;
}

export class SocialInsuranceAdapter {
  private readonly pageSize: number;

  constructor(
    private readonly http: HttpClient,
    options: SocialInsuranceAdapterOptions = {},
  ) {
    assertClientFor('SOCIAL_INSURANCE', http);
    this.pageSize = Math.min(MAX_PAGE_SIZE, options.pageSize ?? MAX_PAGE_SIZE);
  }

  /** Records of the people the system knows among `idNumbers`; others are absent from the map. */
  async lookupMany(idNumbers: readonly string[]): Promise<Map<string, InsuranceRecord>> {
    // A malformed number cannot be on record, and would make the system refuse the whole query.
    const ids = [...new Set(idNumbers)].filter((id) => isValidIdNumber(id));
    const found = new Map<string, InsuranceRecord>();
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_QUERY) {
      const chunk = ids.slice(i, i + MAX_IDS_PER_QUERY);
      // Pages one after another: the system is rate limited, and parallel pages would only queue on its bucket.
      for (let page = 1, totalPages = 1; page <= totalPages; page++) {
        const reply = this.parse(WirePage, await this.http.request({ method: 'GET', path: paths.insuredPersons(chunk, page, this.pageSize), operation: 'lookupBatch' }));
        for (const item of reply.items) found.set(item.idNumber, toRecord(item));
        totalPages = reply.totalPages;
      }
    }
    return found;
  }

  /** The record of one person (e.g. before a write); null when the system does not know them. */
  async lookup(idNumber: string): Promise<InsuranceRecord | null> {
    if (!isValidIdNumber(idNumber)) return null;
    const res = await this.http.request({ method: 'GET', path: paths.insuredPerson(idNumber), accept: [404], operation: 'lookup' });
    if (res.status === 404) {
      const error = this.parse(WireError, res);
      if (error.code === 'PERSON_NOT_FOUND') return null;
      throw new DefinitiveRejection(this.http.system, `answered the person lookup with HTTP 404 ${error.code}`, res.status);
    }
    return toRecord(this.parse(WireInsuredPerson, res));
  }

  async stopPension(input: StopPensionInput): Promise<StopPensionOutcome> {
    const res = await this.write('stopPension', paths.stopPension(input.idNumber), serialFor('pension-stop', input), {
      reason: input.reason,
      effectiveDate: input.effectiveDate,
      reference: input.reference,
    });
    if (res.status === 200) return 'STOPPED';
    const error = this.parse(WireError, res);
    if (res.status === 409 && error.code === 'PENSION_ALREADY_TERMINATED') return 'ALREADY_STOPPED';
    if (res.status === 404) return 'NO_PENSION';
    throw this.refused(res, error.code);
  }

  async fileFuneralClaim(input: FuneralClaimInput): Promise<FuneralClaimOutcome> {
    const res = await this.write('fileFuneralClaim', paths.claims, serialFor('funeral-claim', input), {
      type: FUNERAL_CLAIM_TYPE,
      idNumber: input.idNumber,
      deathDate: input.deathDate,
      reference: input.reference,
    });
    if (res.status === 201) return { outcome: 'FILED', claimId: this.parse(WireClaim, res).claimId };
    const error = this.parse(WireError, res);
    if (res.status === 409 && error.code === 'DUPLICATE_CLAIM') return { outcome: 'ALREADY_FILED', claimId: error.claimId ?? null };
    if (res.status === 422 && error.code === 'NOT_INSURED') return { outcome: 'NOT_INSURED', claimId: null };
    throw this.refused(res, error.code);
  }

  private write(operation: string, path: string, serialNo: string, body: unknown): Promise<HttpResponse> {
    return this.http.request({
      operation,
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', [SERIAL_HEADER]: serialNo },
      body: JSON.stringify(body),
      // Safe to retry: the system answers a repeated serial with the first answer and writes nothing.
      idempotent: true,
      accept: [404, 409, 422],
    });
  }

  private parse<S extends z.ZodType>(schema: S, res: HttpResponse): z.output<S> {
    return parseJsonReply(this.http.system, schema, res);
  }

  /** A 404/409/422 the adapter has no outcome for: the system's definitive refusal, not retried. */
  private refused(res: HttpResponse, code: string): UpstreamError {
    return new DefinitiveRejection(this.http.system, `refused the write with HTTP ${res.status} ${code}`, res.status, res.body);
  }
}

/**
 * The serial of one write: the caller's key or `<operation>:<reference>`, hashed when it has
 * characters (or a length) the system refuses, so the same change always gets the same serial.
 */
function serialFor(operation: string, input: { reference: string; idempotencyKey?: string }): string {
  const plain = input.idempotencyKey ?? `${operation}:${input.reference}`;
  return SERIAL_PATTERN.test(plain) ? plain : `${operation}:${createHash('sha256').update(plain).digest('hex').slice(0, 40)}`;
}
