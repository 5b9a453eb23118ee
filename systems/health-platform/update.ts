/**
 * FHIR update (PUT /fhir/<type>/<id>) on the platform: the whole resource is replaced, with
 * version-aware concurrency (If-Match: W/"<versionId>", 412 when stale) and no new version when
 * the content is unchanged, so a repeated PUT is a no-op. No update-as-create (405).
 */
import type { Request, Response } from 'express';
import type { GroupCommit } from '../../platform/stores/groupCommit';
import { z } from 'zod';
import { canonicalJson, CITIZEN_ID_SYSTEM, FHIR_DATE, FHIR_DATE_TIME, sendFhir, sendOutcome, type FhirResource, type IssueCode } from './fhir';
import type { HealthStore, ResourceType } from './store';

const dateTime = z.string().regex(FHIR_DATE_TIME);

const PatientBody = z.looseObject({
  resourceType: z.literal('Patient'),
  id: z.string().min(1),
  identifier: z.array(z.looseObject({ system: z.string().optional(), value: z.string().optional() })).optional(),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  birthDate: z.string().regex(FHIR_DATE).optional(),
  deceasedBoolean: z.boolean().optional(),
  deceasedDateTime: dateTime.optional(),
});

const EpisodeBody = z.looseObject({
  resourceType: z.literal('EpisodeOfCare'),
  id: z.string().min(1),
  status: z.enum(['planned', 'waitlist', 'active', 'onhold', 'finished', 'cancelled', 'entered-in-error']),
  patient: z.looseObject({ reference: z.string().min(1) }),
  period: z.looseObject({ start: dateTime.optional(), end: dateTime.optional() }).optional(),
});

interface Checked {
  content: FhirResource;
  columns: { deceased?: boolean; status?: string };
}
type Check = (store: HealthStore, id: string, body: unknown) => Checked | string;

function withoutIdAndMeta(body: Record<string, unknown>): FhirResource {
  const content = { ...body };
  delete content.id;
  delete content.meta;
  return content as FhirResource;
}

const checkPatient: Check = (store, id, body) => {
  const parsed = PatientBody.safeParse(body);
  if (!parsed.success) return `Not a valid Patient: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(resource)'} ${i.message}`).join('; ')}.`;
  const p = parsed.data;
  if (p.deceasedBoolean !== undefined && p.deceasedDateTime !== undefined) return 'Give deceasedBoolean or deceasedDateTime, not both (deceased[x]).';
  const citizenIds = (p.identifier ?? []).filter((i) => i.system === CITIZEN_ID_SYSTEM).map((i) => i.value);
  // The citizen ID number is how every department finds the person: this platform never lets an update change it.
  if (citizenIds.length !== 1 || citizenIds[0] !== store.idNumberOf(id)) return `The identifier of system ${CITIZEN_ID_SYSTEM} must be present once and unchanged.`;
  return { content: withoutIdAndMeta(p), columns: { deceased: p.deceasedBoolean === true || p.deceasedDateTime !== undefined } };
};

const checkEpisode: Check = (store, id, body) => {
  const parsed = EpisodeBody.safeParse(body);
  if (!parsed.success) return `Not a valid EpisodeOfCare: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(resource)'} ${i.message}`).join('; ')}.`;
  const e = parsed.data;
  const stored = JSON.parse(store.content('EpisodeOfCare', id)!) as { patient: { reference: string } };
  if (e.patient.reference !== stored.patient.reference) return 'EpisodeOfCare.patient cannot be changed.';
  const { start, end } = e.period ?? {};
  if (start && end && end.slice(0, 10) < start.slice(0, 10)) return 'per-1: period.start must not be after period.end.';
  return { content: withoutIdAndMeta(e), columns: { status: e.status } };
};

const CHECKS: Record<ResourceType, Check> = { Patient: checkPatient, EpisodeOfCare: checkEpisode };

function versionHeaders(versionId: number, lastUpdated: string): Record<string, string> {
  return { ETag: `W/"${versionId}"`, 'Last-Modified': new Date(lastUpdated).toUTCString() };
}

type Reply = { outcome: [status: number, code: IssueCode, message: string] } | { saved: NonNullable<ReturnType<HealthStore['read']>> };

const refuse = (status: number, code: IssueCode, message: string): Reply => ({ outcome: [status, code, message] });

/** The whole check-then-write, run inside the group commit, so no other write can slip in between the version check and the save. */
function update(store: HealthStore, type: ResourceType, id: string, body: Record<string, unknown> | undefined, ifMatch: string | undefined): Reply {
  const current = store.read(type, id);
  if (!current) return refuse(405, 'not-supported', `This platform does not create resources by update: ${type}/${id} does not exist.`);
  if (!body || typeof body !== 'object') return refuse(400, 'invalid', `Send the ${type} as application/fhir+json.`);
  if (body.id !== id) return refuse(400, 'invalid', `The resource id must be present and equal "${id}", the id in the URL.`);
  if (ifMatch !== undefined) {
    const version = /^(?:W\/)?"(\d+)"$/.exec(ifMatch.trim());
    if (!version) return refuse(400, 'invalid', 'If-Match must be an ETag such as W/"3".');
    if (Number(version[1]) !== current.versionId) {
      return refuse(412, 'conflict', `Version conflict: the ${type} is at version ${current.versionId}, not ${version[1]}; read it again and re-apply the change.`);
    }
  }
  const checked = CHECKS[type](store, id, body);
  if (typeof checked === 'string') return refuse(400, 'invalid', checked);
  // The same state again (a retry): answer with the current version, record nothing.
  if (canonicalJson(checked.content) === canonicalJson(JSON.parse(store.content(type, id)!))) return { saved: current };
  store.saveVersion(type, id, checked.content, checked.columns);
  return { saved: store.read(type, id)! };
}

export function updateResource(store: HealthStore, commit: GroupCommit, type: ResourceType) {
  return async (req: Request, res: Response): Promise<void> => {
    const id = String(req.params.id);
    const body = req.body as Record<string, unknown> | undefined;
    const ifMatch = req.get('If-Match');
    // Answered once the new version is on disk; the writes of a burst share one fsync.
    const reply = await commit.run(() => update(store, type, id, body, ifMatch));
    if ('outcome' in reply) return sendOutcome(res, ...reply.outcome);
    sendFhir(res, 200, reply.saved.resource, versionHeaders(reply.saved.versionId, reply.saved.lastUpdated));
  };
}
