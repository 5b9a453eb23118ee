/**
 * FHIR search on the platform: token parameters with comma-separated values (OR), `_count` and
 * `_offset` paging with a Bundle `next` link, `_include=EpisodeOfCare:patient`. A parameter the
 * platform does not support is refused (strict handling) rather than silently ignored, so a
 * caller never mistakes an unfiltered answer for a filtered one.
 */
import type { Request } from 'express';
import {
  CITIZEN_ID_SYSTEM,
  DEFAULT_COUNT,
  FHIR_BASE,
  MAX_COUNT,
  MAX_SEARCH_VALUES,
  PROGRAMME_SYSTEM,
  type Bundle,
  type BundleEntry,
  type FhirResource,
  type IssueCode,
} from './fhir';
import type { EpisodeQuery, HealthStore, PatientQuery, StoredResource } from './store';

export class SearchError extends Error {
  constructor(
    readonly status: number,
    readonly issue: IssueCode,
    message: string,
  ) {
    super(message);
  }
}

type Params = Map<string, string>;

function readParams(req: Request, allowed: readonly string[]): Params {
  const out: Params = new Map();
  for (const [name, value] of Object.entries(req.query)) {
    if (!allowed.includes(name)) throw new SearchError(400, 'not-supported', `Search parameter "${name}" is not supported here; supported: ${allowed.join(', ')}.`);
    if (typeof value !== 'string') throw new SearchError(400, 'not-supported', `Give "${name}" once, with comma-separated values for OR.`);
    out.set(name, value);
  }
  return out;
}

function values(params: Params, name: string): string[] | undefined {
  const raw = params.get(name);
  if (raw === undefined) return undefined;
  const list = raw.split(',').filter((v) => v !== '');
  if (list.length > MAX_SEARCH_VALUES) throw new SearchError(400, 'too-costly', `At most ${MAX_SEARCH_VALUES} values in "${name}", but got ${list.length}.`);
  return list;
}

/** Values of a token parameter that match `system` (`system|value` or a bare `value`). */
function tokenValues(params: Params, name: string, system: string): string[] | undefined {
  return values(params, name)?.flatMap((token) => {
    const bar = token.indexOf('|');
    if (bar < 0) return [token];
    return token.slice(0, bar) === system ? [token.slice(bar + 1)] : [];
  });
}

function paging(params: Params): { count: number; offset: number } {
  const whole = (name: string, fallback: number, max: number) => {
    const raw = params.get(name);
    if (raw === undefined) return fallback;
    if (!/^\d{1,7}$/.test(raw) || Number(raw) > max) throw new SearchError(400, 'invalid', `"${name}" must be a whole number from 0 to ${max}.`);
    return Number(raw);
  };
  return { count: Math.max(1, whole('_count', DEFAULT_COUNT, MAX_COUNT)), offset: whole('_offset', 0, 10_000_000) };
}

function bundle(req: Request, total: number, count: number, offset: number, entries: BundleEntry[]): Bundle {
  const base = `${req.protocol}://${req.get('host')}`;
  const self = new URL(req.originalUrl, base);
  const link: Bundle['link'] = [{ relation: 'self', url: self.toString() }];
  if (offset + count < total) {
    const next = new URL(self);
    next.searchParams.set('_count', String(count));
    next.searchParams.set('_offset', String(offset + count));
    link.push({ relation: 'next', url: next.toString() });
  }
  return { resourceType: 'Bundle', type: 'searchset', total, link, entry: entries };
}

function entry(req: Request, stored: StoredResource<FhirResource>, mode: 'match' | 'include'): BundleEntry {
  return { fullUrl: `${req.protocol}://${req.get('host')}${FHIR_BASE}/${stored.resource.resourceType}/${stored.id}`, resource: stored.resource, search: { mode } };
}

/** The search parameters each resource type accepts (the CapabilityStatement lists the same). */
export const PATIENT_SEARCH_PARAMS = ['identifier', 'deceased', '_count', '_offset', '_format'] as const;
export const EPISODE_SEARCH_PARAMS = ['patient.identifier', 'type', 'status', '_include', '_count', '_offset', '_format'] as const;

/** GET /fhir/Patient?identifier=&deceased=&_count=&_offset= */
export function searchPatients(store: HealthStore, req: Request): Bundle {
  const params = readParams(req, PATIENT_SEARCH_PARAMS);
  const query: PatientQuery = { idNumbers: tokenValues(params, 'identifier', CITIZEN_ID_SYSTEM) };
  const deceased = params.get('deceased');
  if (deceased !== undefined) {
    if (deceased !== 'true' && deceased !== 'false') throw new SearchError(400, 'invalid', '"deceased" must be true or false.');
    query.deceased = deceased === 'true';
  }
  const { count, offset } = paging(params);
  const found = store.searchPatients(query, count, offset);
  return bundle(req, found.total, count, offset, found.items.map((p) => entry(req, p, 'match')));
}

/** GET /fhir/EpisodeOfCare?patient.identifier=&type=&status=&_include=EpisodeOfCare:patient */
export function searchEpisodes(store: HealthStore, req: Request): Bundle {
  const params = readParams(req, EPISODE_SEARCH_PARAMS);
  const include = params.get('_include');
  if (include !== undefined && include !== 'EpisodeOfCare:patient') throw new SearchError(400, 'not-supported', 'Only _include=EpisodeOfCare:patient is supported.');
  const types = tokenValues(params, 'type', PROGRAMME_SYSTEM);
  if (types && types.length > 1) throw new SearchError(400, 'not-supported', 'Give one programme in "type".');
  const query: EpisodeQuery = {
    idNumbers: tokenValues(params, 'patient.identifier', CITIZEN_ID_SYSTEM),
    // A type of another code system matches nothing: an impossible code keeps the query honest.
    typeCode: types ? (types[0] ?? '\u0000') : undefined,
    statuses: values(params, 'status'),
  };
  const { count, offset } = paging(params);
  const found = store.searchEpisodes(query, count, offset);
  const entries = found.items.map((e) => entry(req, e, 'match'));
  if (include) {
    const patientIds = [...new Set(found.items.map((e) => e.resource.patient.reference.replace(/^Patient\//, '')))];
    for (const id of patientIds) {
      const patient = store.read('Patient', id);
      if (patient) entries.push(entry(req, patient, 'include'));
    }
  }
  return bundle(req, found.total, count, offset, entries);
}
