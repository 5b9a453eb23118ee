/**
 * What the health information platform looks like from the health department's side: FHIR R4
 * JSON; Patient found by the citizen ID identifier (OR search of up to 100 values), vital status
 * in deceased[x]; family-planning special assistance as an EpisodeOfCare of that programme with
 * the monthly amount in an extension (and, once ended by a reported change, that change's
 * reference in another); searchset Bundles with `next` links; OperationOutcome errors.
 */
import { z } from 'zod';
import type { Benefit, BenefitStatus, VitalStatus } from '../../../../domain/residents';

/** Family-planning special assistance as the platform records it, for the department's writes. */
export interface FamilyPlanningEpisode extends Benefit {
  /** The platform's EpisodeOfCare id (the department's record number). */
  episodeId: string;
  /** The reference of the reported change that ended it; null while it runs or when it ended otherwise. */
  stopReference: string | null;
}

/** What the health platform holds on one resident: their Patient and their family-planning assistance. */
export interface HealthRecord {
  /** The platform's Patient id (opaque; the citizen ID number is an identifier, never the id). */
  patientId: string;
  vitalStatus: VitalStatus;
  familyPlanning: FamilyPlanningEpisode | null;
}

export const FHIR_JSON = 'application/fhir+json';
export const CITIZEN_ID_SYSTEM = 'urn:oid:2.16.156.10011.1.1';
export const PROGRAMME_SYSTEM = 'http://health.xindu.example/fhir/CodeSystem/programme';
export const FAMILY_PLANNING_CODE = 'family-planning-special-assistance';
export const MONTHLY_AMOUNT_EXTENSION = 'http://health.xindu.example/fhir/StructureDefinition/monthly-assistance-amount';
/** Extension on EpisodeOfCare: the reference (e.g. intake id) of the reported change that ended it, valueString. */
export const TERMINATION_REFERENCE_EXTENSION = 'http://health.xindu.example/fhir/StructureDefinition/assistance-termination-reference';
/** Values per search parameter the platform accepts: the largest batch. */
export const MAX_SEARCH_VALUES = 100;
/** Largest `_count` the platform serves: asked for, so a batch of 100 is one page. */
export const MAX_COUNT = 200;

const identifiers = (ids: readonly string[]) => encodeURIComponent(ids.map((id) => `${CITIZEN_ID_SYSTEM}|${id}`).join(','));

export const paths = {
  patientsByIdentifier: (ids: readonly string[]) => `/fhir/Patient?identifier=${identifiers(ids)}&_count=${MAX_COUNT}`,
  deceasedPatients: () => `/fhir/Patient?deceased=true&_count=${MAX_COUNT}`,
  familyPlanningByIdentifier: (ids: readonly string[]) =>
    `/fhir/EpisodeOfCare?patient.identifier=${identifiers(ids)}&type=${encodeURIComponent(`${PROGRAMME_SYSTEM}|${FAMILY_PLANNING_CODE}`)}` +
    `&_include=EpisodeOfCare:patient&_count=${MAX_COUNT}`,
  resource: (type: 'Patient' | 'EpisodeOfCare', id: string) => `/fhir/${type}/${encodeURIComponent(id)}`,
};

const Meta = z.looseObject({ versionId: z.string().optional() });

export const Patient = z.looseObject({
  resourceType: z.literal('Patient'),
  id: z.string(),
  meta: Meta.optional(),
  identifier: z.array(z.looseObject({ system: z.string().optional(), value: z.string().optional() })).optional(),
  deceasedBoolean: z.boolean().optional(),
  deceasedDateTime: z.string().optional(),
});
export type Patient = z.output<typeof Patient>;

export const EpisodeOfCare = z.looseObject({
  resourceType: z.literal('EpisodeOfCare'),
  id: z.string(),
  meta: Meta.optional(),
  status: z.string(),
  patient: z.looseObject({ reference: z.string() }),
  period: z.looseObject({ start: z.string().optional(), end: z.string().optional() }).optional(),
  extension: z
    .array(z.looseObject({ url: z.string(), valueMoney: z.looseObject({ value: z.number().optional() }).optional(), valueString: z.string().optional() }))
    .optional(),
});
export type EpisodeOfCare = z.output<typeof EpisodeOfCare>;

export const Bundle = z.looseObject({
  resourceType: z.literal('Bundle'),
  total: z.number().optional(),
  link: z.array(z.looseObject({ relation: z.string(), url: z.string() })).optional(),
  entry: z.array(z.looseObject({ resource: z.looseObject({ resourceType: z.string() }), search: z.looseObject({ mode: z.string().optional() }).optional() })).optional(),
});
export type Bundle = z.output<typeof Bundle>;

export function citizenIdOf(patient: Patient): string | null {
  return patient.identifier?.find((i) => i.system === CITIZEN_ID_SYSTEM)?.value ?? null;
}

/** A FHIR date or dateTime as a YYYY-MM-DD in Asia/Shanghai; null when it is less precise than a day. */
export function shanghaiDate(dateTime: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(dateTime)) return dateTime;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(dateTime)) return null;
  const at = new Date(dateTime);
  if (Number.isNaN(at.getTime())) return null;
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function vitalStatusOf(patient: Patient): VitalStatus {
  if (patient.deceasedDateTime !== undefined) return { deceased: true, deathDate: shanghaiDate(patient.deceasedDateTime) };
  return { deceased: patient.deceasedBoolean === true, deathDate: null };
}

const EPISODE_STATUS: Record<string, BenefitStatus> = { active: 'ACTIVE', onhold: 'SUSPENDED', finished: 'STOPPED', cancelled: 'STOPPED' };

/** The benefit an episode describes; null for one that never was a benefit (planned, waitlist, entered-in-error). */
export function benefitOf(episode: EpisodeOfCare): Benefit | null {
  const status = EPISODE_STATUS[episode.status];
  if (!status) return null;
  const amount = episode.extension?.find((e) => e.url === MONTHLY_AMOUNT_EXTENSION)?.valueMoney?.value;
  const start = episode.period?.start;
  const end = episode.period?.end;
  return {
    status,
    monthlyAmount: amount ?? null,
    since: start ? shanghaiDate(start) : null,
    stoppedOn: end ? shanghaiDate(end) : null,
  };
}

/** The reference of the reported change that ended the episode, when one did. */
export function stopReferenceOf(episode: EpisodeOfCare): string | null {
  return episode.extension?.find((e) => e.url === TERMINATION_REFERENCE_EXTENSION)?.valueString ?? null;
}

/** The episode marked as ended by the change `reference` (replacing any earlier mark). */
export function withStopReference<E extends EpisodeOfCare>(episode: E, reference: string): E {
  const others = (episode.extension ?? []).filter((e) => e.url !== TERMINATION_REFERENCE_EXTENSION);
  return { ...episode, extension: [...others, { url: TERMINATION_REFERENCE_EXTENSION, valueString: reference }] };
}

/** Of several episodes of one person, the one that counts: an ongoing one, else the latest. */
export function currentEpisode(episodes: EpisodeOfCare[]): EpisodeOfCare | undefined {
  const ongoing = episodes.filter((e) => e.status === 'active' || e.status === 'onhold');
  const pool = ongoing.length ? ongoing : episodes;
  return [...pool].sort((a, b) => (b.period?.start ?? '').localeCompare(a.period?.start ?? ''))[0];
}

export function nextLink(bundle: Bundle): string | undefined {
  return bundle.link?.find((l) => l.relation === 'next')?.url;
}
