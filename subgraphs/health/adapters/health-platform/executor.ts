/**
 * Calls the health information platform through the shared HttpClient and answers in domain
 * terms. Reads are one FHIR search per 100 residents per resource type (following `next` links
 * should the platform page). Writes read the current version first and PUT with If-Match, so
 * they change only what is not already so and never overwrite someone else's newer version.
 */
import type { z } from 'zod';
import { isValidIdNumber } from '../../../../domain/idNumber';
import type { Benefit, VitalStatus } from '../../../../domain/residents';
import { UpstreamError } from '../../../../platform/errors';
import { assertClientFor, type HttpClient, type HttpResponse } from '../../../../platform/http/client';
import {
  benefitOf,
  Bundle,
  citizenIdOf,
  currentEpisode,
  EpisodeOfCare,
  FHIR_JSON,
  MAX_SEARCH_VALUES,
  nextLink,
  Patient,
  paths,
  stopReferenceOf,
  vitalStatusOf,
  withStopReference,
  type FamilyPlanningEpisode,
  type HealthRecord,
} from './description';

export type RecordDeathOutcome = 'RECORDED' | 'ALREADY_RECORDED' | 'NOT_REGISTERED';
export type EndAssistanceOutcome = 'ENDED' | 'ALREADY_ENDED' | 'NOT_ENROLLED';

/** Rounds of read-then-PUT before giving up when the record keeps changing under us (412). */
const WRITE_ROUNDS = 3;

interface Searched {
  matches: unknown[];
  includes: unknown[];
}

export class HealthPlatformAdapter {
  constructor(private readonly http: HttpClient) {
    assertClientFor('HEALTH_PLATFORM', http);
  }

  /** Vital status of each resident the platform has a Patient for; others are absent. */
  async vitalStatusMany(idNumbers: readonly string[]): Promise<Map<string, VitalStatus>> {
    const out = new Map<string, VitalStatus>();
    for (const chunk of chunks(idNumbers)) {
      for (const patient of (await this.searchAll(paths.patientsByIdentifier(chunk), 'searchPatients')).matches.map((r) => this.parse(Patient, r))) {
        const id = citizenIdOf(patient);
        if (id) out.set(id, vitalStatusOf(patient));
      }
    }
    return out;
  }

  /** Family-planning special assistance of each enrolled resident; others are absent. */
  async familyPlanningMany(idNumbers: readonly string[]): Promise<Map<string, Benefit>> {
    const out = new Map<string, Benefit>();
    for (const chunk of chunks(idNumbers)) {
      for (const [id, episodes] of await this.episodesByCitizen(chunk)) {
        const episode = currentEpisode(episodes.filter((e) => benefitOf(e) !== null));
        if (episode) out.set(id, benefitOf(episode)!);
      }
    }
    return out;
  }

  /** Everyone the platform records as dead (reconciliation), following every page. */
  async deceasedResidents(): Promise<Map<string, VitalStatus>> {
    const out = new Map<string, VitalStatus>();
    for (const patient of (await this.searchAll(paths.deceasedPatients(), 'searchDeceased')).matches.map((r) => this.parse(Patient, r))) {
      const id = citizenIdOf(patient);
      if (id) out.set(id, vitalStatusOf(patient));
    }
    return out;
  }

  /** The Patient of one resident and their family-planning assistance (e.g. before a write); null without a Patient. */
  async healthRecord(idNumber: string): Promise<HealthRecord | null> {
    if (!isValidIdNumber(idNumber)) return null;
    // Two searches at once: the episode search finds a Patient only for people enrolled.
    const [patients, episodes] = await Promise.all([this.searchAll(paths.patientsByIdentifier([idNumber]), 'searchPatients'), this.episodesByCitizen([idNumber])]);
    const patient = patients.matches.map((r) => this.parse(Patient, r)).find((p) => citizenIdOf(p) === idNumber);
    if (!patient) return null;
    const episode = currentEpisode((episodes.get(idNumber) ?? []).filter((e) => benefitOf(e) !== null));
    const familyPlanning: FamilyPlanningEpisode | null = episode ? { ...benefitOf(episode)!, episodeId: episode.id, stopReference: stopReferenceOf(episode) } : null;
    return { patientId: patient.id, vitalStatus: vitalStatusOf(patient), familyPlanning };
  }

  /** Registers a death unless the platform already has one (whatever date it holds). */
  async recordDeath(idNumber: string, deathDate: string): Promise<RecordDeathOutcome> {
    for (let round = 1; round <= WRITE_ROUNDS; round++) {
      const [patient] = (await this.searchAll(paths.patientsByIdentifier([idNumber]), 'searchPatients')).matches.map((r) => this.parse(Patient, r));
      if (!patient) return 'NOT_REGISTERED';
      if (vitalStatusOf(patient).deceased) return 'ALREADY_RECORDED';
      const { meta, ...rest } = patient;
      const dead: Record<string, unknown> = { ...rest, deceasedDateTime: deathDate };
      delete dead.deceasedBoolean; // deceased[x]: one of the two, never both
      const res = await this.put('Patient', patient.id, dead, meta?.versionId);
      if (res.status !== 412) return 'RECORDED';
    }
    throw this.keptChanging();
  }

  /**
   * Ends the resident's ongoing family-planning assistance on `endDate` (YYYY-MM-DD). With a
   * `reference` (e.g. the intake id), each episode ended carries it, and healthRecord() returns
   * it, so the caller can later tell its own ending from one made for another reason.
   */
  async endFamilyPlanningAssistance(idNumber: string, endDate: string, reference?: string): Promise<EndAssistanceOutcome> {
    for (let round = 1; round <= WRITE_ROUNDS; round++) {
      const episodes = (await this.episodesByCitizen([idNumber])).get(idNumber) ?? [];
      if (episodes.length === 0) return 'NOT_ENROLLED';
      const ongoing = episodes.filter((e) => e.status === 'active' || e.status === 'onhold');
      if (ongoing.length === 0) return 'ALREADY_ENDED';
      let conflict = false;
      for (const { meta, ...episode } of ongoing) {
        const ended = { ...episode, status: 'finished', period: { ...episode.period, end: endDate } };
        const res = await this.put('EpisodeOfCare', episode.id, reference === undefined ? ended : withStopReference(ended, reference), meta?.versionId);
        conflict ||= res.status === 412;
      }
      if (!conflict) return 'ENDED';
    }
    throw this.keptChanging();
  }

  /** Episodes of the programme found for `ids`, by citizen ID (via the included Patients). */
  private async episodesByCitizen(ids: readonly string[]): Promise<Map<string, EpisodeOfCare[]>> {
    const { matches, includes } = await this.searchAll(paths.familyPlanningByIdentifier(ids), 'searchFamilyPlanning');
    const citizenByReference = new Map(includes.map((r) => this.parse(Patient, r)).map((p) => [`Patient/${p.id}`, citizenIdOf(p)]));
    const out = new Map<string, EpisodeOfCare[]>();
    for (const episode of matches.map((r) => this.parse(EpisodeOfCare, r))) {
      const id = citizenByReference.get(episode.patient.reference);
      if (id) out.set(id, [...(out.get(id) ?? []), episode]);
    }
    return out;
  }

  /** Runs a search and follows `next` links until the last page. */
  private async searchAll(firstPath: string, operation: string): Promise<Searched> {
    const out: Searched = { matches: [], includes: [] };
    for (let path: string | undefined = firstPath; path; ) {
      const bundle = this.parse(Bundle, this.json(await this.http.request({ method: 'GET', path, headers: { accept: FHIR_JSON }, operation })));
      for (const entry of bundle.entry ?? []) (entry.search?.mode === 'include' ? out.includes : out.matches).push(entry.resource);
      const next = nextLink(bundle);
      // The platform's links are absolute; the same base URL serves them.
      path = next ? new URL(next).pathname + new URL(next).search : undefined;
    }
    return out;
  }

  private put(type: 'Patient' | 'EpisodeOfCare', id: string, resource: Record<string, unknown>, versionId: string | undefined): Promise<HttpResponse> {
    return this.http.request({
      method: 'PUT',
      path: paths.resource(type, id),
      headers: { 'content-type': FHIR_JSON, accept: FHIR_JSON, ...(versionId ? { 'if-match': `W/"${versionId}"` } : {}) },
      body: JSON.stringify({ ...resource, resourceType: type, id }),
      // A PUT of the same state is a no-op on the platform, and If-Match guards the rest: safe to retry.
      idempotent: true,
      accept: [412],
      operation: `put${type}`,
    });
  }

  private json(res: HttpResponse): unknown {
    try {
      return JSON.parse(res.body);
    } catch {
      throw new UpstreamError(this.http.system, 'SYSTEM_ERROR', `answered HTTP ${res.status} with a body that is not JSON`, res.status);
    }
  }

  private parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new UpstreamError(this.http.system, 'SYSTEM_ERROR', 'answered with a FHIR resource this adapter cannot read');
    return parsed.data;
  }

  private keptChanging(): UpstreamError {
    return new UpstreamError(this.http.system, 'SYSTEM_ERROR', `kept changing the record while it was being updated (HTTP 412 ${WRITE_ROUNDS} times)`, 412);
  }
}

/** Valid, distinct ID numbers in groups the platform accepts in one search. */
function chunks(idNumbers: readonly string[]): string[][] {
  const ids = [...new Set(idNumbers)].filter((id) => isValidIdNumber(id));
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += MAX_SEARCH_VALUES) out.push(ids.slice(i, i + MAX_SEARCH_VALUES));
  return out;
}
