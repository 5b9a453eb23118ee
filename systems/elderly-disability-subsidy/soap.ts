/**
 * SOAP 1.1 plumbing of the subsidy service: the namespaces, reading a request envelope and
 * writing reply and Fault envelopes. Envelopes are built with fast-xml-parser's XMLBuilder,
 * which escapes every text and attribute value (no string concatenation of data into XML).
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
/** Target namespace of the service's messages. */
export const SERVICE_NS = 'urn:xindu:civil-affairs:subsidy-service:2016';
export const SERVICE_PATH = '/soap/SubsidyService';
export const OPERATIONS = ['GetSubsidyRecord', 'StopSubsidy'] as const;
export type Operation = (typeof OPERATIONS)[number];
export const XML_CONTENT_TYPE = 'text/xml; charset=utf-8';

export const soapActionOf = (operation: Operation) => `${SERVICE_NS}#${operation}`;

/** The operation a SOAPAction header names (the header value is a quoted URI), or null. */
export function operationOfSoapAction(header: string | undefined): Operation | null {
  const action = header?.trim().replace(/^"(.*)"$/, '$1');
  return OPERATIONS.find((op) => action === soapActionOf(op)) ?? null;
}

/** A request the service refuses: becomes a soap:Client Fault. */
export class ClientFault extends Error {
  constructor(
    message: string,
    /** Machine-readable reason carried in the Fault detail. */
    readonly errorCode = 'BAD_REQUEST',
  ) {
    super(message);
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Keep every value a string: ID numbers and amounts must not turn into JS numbers.
  parseTagValue: false,
  trimValues: true,
});

/** The single element inside soap:Body: its local name and its children as strings. */
export function readRequest(xml: string): { operation: string; payload: Record<string, unknown> } {
  // SOAP 1.1 section 3: a SOAP message must not contain a Document Type Declaration (and refusing one avoids entity expansion).
  if (/<!DOCTYPE/i.test(xml)) throw new ClientFault('A SOAP message must not contain a Document Type Declaration.');
  if (XMLValidator.validate(xml) !== true) throw new ClientFault('The request is not well-formed XML.');
  const doc = parser.parse(xml) as { Envelope?: { Body?: Record<string, unknown> } };
  const body = doc.Envelope?.Body;
  if (!body || typeof body !== 'object') throw new ClientFault('The request is not a SOAP 1.1 Envelope with a Body.');
  const elements = Object.keys(body);
  if (elements.length !== 1) throw new ClientFault(`The SOAP Body must hold exactly one operation element, but held ${elements.length}.`);
  const payload = body[elements[0]];
  return { operation: elements[0], payload: payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {} };
}

const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: true });

function envelope(body: Record<string, unknown>): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    builder.build({ 'soap:Envelope': { '@_xmlns:soap': SOAP_ENV_NS, 'soap:Body': body } })
  );
}

/** A reply envelope whose Body holds `<{element} xmlns="SERVICE_NS">content</…>`. */
export function replyEnvelope(element: string, content: Record<string, unknown>): string {
  return envelope({ [element]: { '@_xmlns': SERVICE_NS, ...content } });
}

export function faultEnvelope(faultcode: 'soap:Client' | 'soap:Server', faultstring: string, errorCode: string): string {
  return envelope({
    'soap:Fault': {
      faultcode,
      faultstring,
      detail: { SubsidyFault: { '@_xmlns': SERVICE_NS, errorCode } },
    },
  });
}
