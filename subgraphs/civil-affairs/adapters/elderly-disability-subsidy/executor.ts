/**
 * Calls the SOAP subsidy service through the shared HttpClient and turns its envelopes into
 * domain types. The system has no idempotency, so stopping a subsidy reads first and writes
 * only while the subsidy is still running: calling {@link SubsidyAdapter.stopSubsidy} again
 * never writes twice.
 */
import type { z } from 'zod';
import { isValidIdNumber } from '../../../../domain/idNumber';
import type { Benefit, DisabilitySubsidy } from '../../../../domain/residents';
import { UpstreamError } from '../../../../platform/errors';
import { assertClientFor, type HttpClient } from '../../../../platform/http/client';
import {
  CONTENT_TYPE,
  envelopeBody,
  FAULT_ERROR_CODES,
  GetSubsidyRecordResponse,
  isRetryableReply,
  readFault,
  requestEnvelope,
  SERVICE_PATH,
  soapAction,
  STATUS_BY_CODE,
  StopSubsidyResponse,
  type Operation,
  type SoapFault,
  type StopSubsidyFields,
  type WireSubsidy,
} from './description';

const SYSTEM = 'ELDERLY_DISABILITY_SUBSIDY';

/** A subsidy as the system records it: the benefit, and the reference it was stopped with. */
export type RecordedSubsidy<B extends Benefit = Benefit> = B & {
  /**
   * The reference the StopSubsidy that stopped it was logged with (our intake id when we
   * stopped it); null while it pays or when it was stopped before the system kept a stop log.
   */
  stopReference: string | null;
};
/** What the system holds on one person; a subsidy the person does not hold is absent. */
export interface SubsidyRecord {
  elderlySubsidy?: RecordedSubsidy;
  disabilitySubsidy?: RecordedSubsidy<DisabilitySubsidy>;
}
export type SubsidyType = 'ELDERLY' | 'DISABILITY';

export interface StopDetails {
  /** YYYY-MM-DD the subsidy stops. */
  stopDate: string;
  reason: 'DEATH' | 'MOVED_OUT';
  /** Our reference (e.g. the intake id), recorded by the system in its stop log. */
  reference: string;
}
export type StopOutcome = 'STOPPED' | 'ALREADY_STOPPED' | 'NOT_ENROLLED';

/** The system answered a SOAP Fault: SYSTEM_ERROR naming the system, with the fault's class and code. */
export class SoapFaultError extends UpstreamError {
  readonly faultCode: string;
  readonly errorCode?: string;

  constructor(
    fault: SoapFault,
    status?: number,
    body?: string,
    /** The HTTP client's word on the reply (a Client Fault is not retryable): final, or worth another attempt. */
    private readonly final = false,
  ) {
    // The faultstring stays out of the message: a system may echo request values into it.
    super(SYSTEM, 'SYSTEM_ERROR', `answered a soap:${fault.faultCode} Fault${fault.errorCode ? ` (${fault.errorCode})` : ''}`, status, body);
    this.name = 'SoapFaultError';
    this.faultCode = fault.faultCode;
    this.errorCode = fault.errorCode;
  }

  override get definitive(): boolean {
    return this.final;
  }
}

/** HttpClient options the adapter leaves to its owner (the system name and retry rule are its own). */
export class SubsidyAdapter {
  /** @param http the platform's client to the subsidy system; the adapter applies SOAP's retry rule to each call itself. */
  constructor(readonly http: HttpClient) {
    assertClientFor(SYSTEM, http);
  }

  /** One SOAP call: the person's subsidies, or null when they hold none (or the number is not a valid ID number). */
  async getRecord(idNumber: string): Promise<SubsidyRecord | null> {
    if (!isValidIdNumber(idNumber)) return null;
    const reply = await this.call('GetSubsidyRecord', { idNumber }, GetSubsidyRecordResponse);
    if (reply.subsidies === '' || reply.subsidies.subsidy.length === 0) return null;
    const record: SubsidyRecord = {};
    for (const s of reply.subsidies.subsidy) {
      if (s.subsidyType === 'ELDERLY') record.elderlySubsidy = toBenefit(s);
      else record.disabilitySubsidy = { ...toBenefit(s), category: s.category ?? 'BOTH' };
    }
    return record;
  }

  /**
   * Stops one subsidy of a person: reads the record, writes only when the subsidy is still
   * running. Safe to call again after any failure; a retry finds it stopped and writes nothing.
   */
  async stopSubsidy(idNumber: string, type: SubsidyType, details: StopDetails): Promise<StopOutcome> {
    const record = await this.getRecord(idNumber);
    const held = type === 'ELDERLY' ? record?.elderlySubsidy : record?.disabilitySubsidy;
    if (!held) return 'NOT_ENROLLED';
    if (held.status === 'STOPPED') return 'ALREADY_STOPPED';
    const fields: StopSubsidyFields = { idNumber, subsidyType: type, stopDate: details.stopDate, reason: details.reason, reference: details.reference };
    try {
      await this.call('StopSubsidy', { ...fields }, StopSubsidyResponse);
      return 'STOPPED';
    } catch (err) {
      // Stopped (or gone) between our read and our write, or by a retried attempt of this very
      // write whose first answer was lost: the system refuses the second stop, nothing was written twice.
      if (err instanceof SoapFaultError && err.errorCode === FAULT_ERROR_CODES.alreadyStopped) return 'ALREADY_STOPPED';
      if (err instanceof SoapFaultError && err.errorCode === FAULT_ERROR_CODES.notEnrolled) return 'NOT_ENROLLED';
      throw err;
    }
  }

  private async call<S extends z.ZodType>(operation: Operation, fields: Record<string, string>, schema: S): Promise<z.output<S>> {
    let body: string;
    try {
      const res = await this.http.request({
        method: 'POST',
        path: SERVICE_PATH,
        headers: { 'Content-Type': CONTENT_TYPE, SOAPAction: soapAction(operation) },
        body: requestEnvelope(operation, fields),
        // Reads are safe to repeat; a repeated StopSubsidy is refused by the system (ALREADY_STOPPED), never applied twice.
        idempotent: true,
        kind: operation === 'StopSubsidy' ? 'write' : 'read',
        isRetryable: isRetryableReply,
        operation, // the SOAP operation's name: one of a fixed few
      });
      body = res.body;
    } catch (err) {
      const fault = err instanceof UpstreamError && err.body ? readFault(err.body) : null;
      throw fault && err instanceof UpstreamError ? new SoapFaultError(fault, err.status, err.body, err.definitive) : err;
    }
    const parsed = schema.safeParse(envelopeBody(body)?.[`${operation}Response`]);
    if (!parsed.success) throw new UpstreamError(SYSTEM, 'SYSTEM_ERROR', `answered ${operation} with something that is not its SOAP response`, 200);
    return parsed.data;
  }
}

function toBenefit(s: WireSubsidy): RecordedSubsidy {
  return {
    status: STATUS_BY_CODE[s.statusCode],
    monthlyAmount: Number(s.monthlyAmount),
    since: s.startDate ?? null,
    stoppedOn: s.stopDate ?? null,
    stopReference: s.stopReference ?? null,
  };
}
