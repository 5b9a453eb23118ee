/**
 * What the elderly and disability subsidy system looks like on the wire: one SOAP 1.1
 * endpoint (document/literal, see its WSDL), two operations, Faults with HTTP 500 for every
 * error, numeric status codes. Only this file knows the envelopes, element names and codes.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { BenefitStatus } from '../../../../domain/residents';

export const SERVICE_PATH = '/soap/SubsidyService';
export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SERVICE_NS = 'urn:xindu:civil-affairs:subsidy-service:2016';
export const CONTENT_TYPE = 'text/xml; charset=utf-8';

export type Operation = 'GetSubsidyRecord' | 'StopSubsidy';
/** The SOAPAction header value: a quoted URI, as SOAP 1.1 section 6.1.1 writes it. */
export const soapAction = (operation: Operation) => `"${SERVICE_NS}#${operation}"`;

/** The system's status codes (its WSDL: 1 paying, 2 suspended, 3 stopped). */
export const STATUS_BY_CODE: Record<string, BenefitStatus> = { '1': 'ACTIVE', '2': 'SUSPENDED', '3': 'STOPPED' };

export const WireSubsidy = z.object({
  subsidyType: z.enum(['ELDERLY', 'DISABILITY']),
  category: z.enum(['LIVING', 'NURSING', 'BOTH']).optional(),
  statusCode: z.enum(['1', '2', '3']),
  monthlyAmount: z.string().regex(/^\d+(\.\d+)?$/),
  startDate: z.string().optional(),
  stopDate: z.string().optional(),
  /** The reference the StopSubsidy that stopped it was logged with (absent while it pays). */
  stopReference: z.string().optional(),
});
export type WireSubsidy = z.output<typeof WireSubsidy>;

export const GetSubsidyRecordResponse = z.object({
  idNumber: z.string(),
  // An empty <subsidies/> parses as '': the person holds no subsidy.
  subsidies: z.union([z.literal(''), z.object({ subsidy: z.array(WireSubsidy) })]),
});
export const StopSubsidyResponse = z.object({ result: z.literal('STOPPED'), stopDate: z.string(), logId: z.string() });

/** Error codes the system puts in a Fault's detail (tns:SubsidyFault/errorCode). */
export const FAULT_ERROR_CODES = { alreadyStopped: 'ALREADY_STOPPED', notEnrolled: 'NOT_ENROLLED' } as const;

export interface StopSubsidyFields {
  idNumber: string;
  subsidyType: 'ELDERLY' | 'DISABILITY';
  stopDate: string;
  reason: 'DEATH' | 'MOVED_OUT';
  reference: string;
}

// XMLBuilder escapes every text value (&, <, >, quotes): data is never concatenated into XML.
const builder = new XMLBuilder({ ignoreAttributes: false });

/** A request envelope whose Body holds `<sub:{operation}>` with one child per field, in order. */
export function requestEnvelope(operation: Operation, fields: Record<string, string>): string {
  const children = Object.fromEntries(Object.entries(fields).map(([name, value]) => [`sub:${name}`, value]));
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    builder.build({
      'soap:Envelope': { '@_xmlns:soap': SOAP_ENV_NS, '@_xmlns:sub': SERVICE_NS, 'soap:Body': { [`sub:${operation}`]: children } },
    })
  );
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false, // ID numbers and amounts stay strings
  trimValues: true,
  isArray: (_name, jpath) => jpath === 'Envelope.Body.GetSubsidyRecordResponse.subsidies.subsidy',
});

/** The children of soap:Body, or null when `xml` is not a SOAP envelope. */
export function envelopeBody(xml: string): Record<string, unknown> | null {
  if (/<!DOCTYPE/i.test(xml) || XMLValidator.validate(xml) !== true) return null;
  const body = (parser.parse(xml) as { Envelope?: { Body?: unknown } }).Envelope?.Body;
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : null;
}

export interface SoapFault {
  /** The local part of faultcode: Client, Server, VersionMismatch, MustUnderstand. */
  faultCode: string;
  faultString: string;
  /** tns:SubsidyFault/errorCode from the detail, when the system gave one. */
  errorCode?: string;
}

const FaultShape = z.object({
  faultcode: z.string(),
  faultstring: z.string().default(''),
  detail: z.object({ SubsidyFault: z.object({ errorCode: z.string() }).partial() }).partial().or(z.literal('')).optional(),
});

/** The Fault in a reply body, or null when the body is not a SOAP Fault. */
export function readFault(xml: string): SoapFault | null {
  const parsed = FaultShape.safeParse(envelopeBody(xml)?.Fault);
  if (!parsed.success) return null;
  const { faultcode, faultstring, detail } = parsed.data;
  // faultcode is a QName ("soap:Client"), possibly dotted ("soap:Client.Authentication"): keep the class.
  const faultCode = faultcode.replace(/^[^:]*:/, '').split('.')[0];
  const errorCode = typeof detail === 'object' ? detail.SubsidyFault?.errorCode : undefined;
  return { faultCode, faultString: faultstring, ...(errorCode ? { errorCode } : {}) };
}

/**
 * SOAP 1.1 answers every Fault with HTTP 500, so the status alone cannot tell a refused request
 * from a failing system: a soap:Client Fault will fail the same way again and is not retried.
 */
export function isRetryableReply(status: number, body: string): boolean {
  if (status === 429) return true;
  if (status < 500) return false;
  return readFault(body)?.faultCode !== 'Client';
}
