/**
 * The FHIR R4 vocabulary of the health information platform: the identifier system of the
 * citizen ID number, the programme code and amount extension of family-planning special
 * assistance, resource shapes, and how answers and errors (OperationOutcome) are sent.
 */
import type { Response } from 'express';

export const FHIR_BASE = '/fhir';
export const FHIR_JSON = 'application/fhir+json';

/** Identifier system of the resident ID card number (居民身份证号码). */
export const CITIZEN_ID_SYSTEM = 'urn:oid:2.16.156.10011.1.1';
/** Code system of the platform's programmes; EpisodeOfCare.type carries one. */
export const PROGRAMME_SYSTEM = 'http://health.xindu.example/fhir/CodeSystem/programme';
export const FAMILY_PLANNING_CODE = 'family-planning-special-assistance';
/** Extension on EpisodeOfCare: the monthly assistance paid, valueMoney in CNY. */
export const MONTHLY_AMOUNT_EXTENSION = 'http://health.xindu.example/fhir/StructureDefinition/monthly-assistance-amount';

/** At most this many values in one search parameter (identifier, patient.identifier). */
export const MAX_SEARCH_VALUES = 100;
export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;

export type FhirResource = { resourceType: string; id?: string; meta?: { versionId: string; lastUpdated: string } } & Record<string, unknown>;

export interface Identifier {
  use?: string;
  system?: string;
  value?: string;
}

export interface Patient extends FhirResource {
  resourceType: 'Patient';
  identifier?: Identifier[];
  name?: Array<{ use?: string; text?: string; family?: string; given?: string[] }>;
  gender?: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: string;
  deceasedBoolean?: boolean;
  deceasedDateTime?: string;
}

export type EpisodeStatus = 'planned' | 'waitlist' | 'active' | 'onhold' | 'finished' | 'cancelled' | 'entered-in-error';

export interface EpisodeOfCare extends FhirResource {
  resourceType: 'EpisodeOfCare';
  status: EpisodeStatus;
  type?: Array<{ coding?: Array<{ system?: string; code?: string; display?: string }> }>;
  patient: { reference: string };
  period?: { start?: string; end?: string };
  extension?: Array<{ url: string; valueMoney?: { value: number; currency: string } }>;
}

export interface BundleEntry {
  fullUrl: string;
  resource: FhirResource;
  search: { mode: 'match' | 'include' };
}

export interface Bundle extends FhirResource {
  resourceType: 'Bundle';
  type: 'searchset';
  total: number;
  link: Array<{ relation: 'self' | 'next'; url: string }>;
  entry: BundleEntry[];
}

export type IssueCode = 'invalid' | 'not-found' | 'conflict' | 'too-costly' | 'not-supported' | 'exception' | 'processing';

export function operationOutcome(code: IssueCode, diagnostics: string): FhirResource {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

export function sendFhir(res: Response, status: number, resource: FhirResource, headers: Record<string, string> = {}): void {
  res.status(status).set(headers).type(FHIR_JSON).send(JSON.stringify(resource));
}

export function sendOutcome(res: Response, status: number, code: IssueCode, diagnostics: string): void {
  sendFhir(res, status, operationOutcome(code, diagnostics));
}

/** FHIR dateTime: a year, year-month, date, or date with time and zone. */
export const FHIR_DATE_TIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;
export const FHIR_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** JSON with object keys sorted, so "the same state" compares equal whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
