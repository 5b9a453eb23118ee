/**
 * The health platform's FHIR R4 REST API (application/fhir+json):
 *   GET /fhir/metadata                                                            CapabilityStatement
 *   GET /fhir/Patient?identifier=<system>|<id>,...&deceased=&_count=&_offset=     Bundle searchset
 *   GET /fhir/EpisodeOfCare?patient.identifier=...&type=&status=&_include=EpisodeOfCare:patient
 *   GET /fhir/Patient/:id, GET /fhir/EpisodeOfCare/:id                           read (ETag)
 *   PUT /fhir/Patient/:id, PUT /fhir/EpisodeOfCare/:id                           update (If-Match)
 * Every error is an OperationOutcome.
 */
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import type { StandInContext } from '../shared/standIn';
import { capabilityStatement } from './capability';
import { FHIR_BASE, sendFhir, sendOutcome, type FhirResource } from './fhir';
import { searchEpisodes, searchPatients, SearchError } from './search';
import { HealthStore, type ResourceType } from './store';
import { updateResource } from './update';

export const fhirBodyParsers = [express.json({ type: ['application/fhir+json', 'application/json'], limit: '1mb' })];

function search(store: HealthStore, run: (store: HealthStore, req: Request) => FhirResource) {
  return (req: Request, res: Response): void => {
    try {
      sendFhir(res, 200, run(store, req));
    } catch (err) {
      if (!(err instanceof SearchError)) throw err;
      sendOutcome(res, err.status, err.issue, err.message);
    }
  };
}

function read(store: HealthStore, type: ResourceType) {
  return (req: Request, res: Response): void => {
    const found = store.read(type, String(req.params.id));
    if (!found) return sendOutcome(res, 404, 'not-found', `${type}/${String(req.params.id)} is not known to this platform.`);
    sendFhir(res, 200, found.resource, { ETag: `W/"${found.versionId}"` });
  };
}

export function healthPlatformRoutes(router: Router, ctx: StandInContext): void {
  const store = new HealthStore(ctx.db);
  const { stats } = ctx;
  const startedAt = new Date().toISOString();
  router.get(`${FHIR_BASE}/metadata`, stats.as('metadata'), (_req, res) => sendFhir(res, 200, capabilityStatement(startedAt)));
  router.get(`${FHIR_BASE}/Patient`, stats.as('patient-search'), search(store, searchPatients));
  router.get(`${FHIR_BASE}/Patient/:id`, stats.as('patient-read'), read(store, 'Patient'));
  router.put(`${FHIR_BASE}/Patient/:id`, stats.as('patient-update'), updateResource(store, ctx.commit, 'Patient'));
  router.get(`${FHIR_BASE}/EpisodeOfCare`, stats.as('episode-search'), search(store, searchEpisodes));
  router.get(`${FHIR_BASE}/EpisodeOfCare/:id`, stats.as('episode-read'), read(store, 'EpisodeOfCare'));
  router.put(`${FHIR_BASE}/EpisodeOfCare/:id`, stats.as('episode-update'), updateResource(store, ctx.commit, 'EpisodeOfCare'));

  router.use(FHIR_BASE, (req, res) => sendOutcome(res, 404, 'not-supported', `${req.method} ${req.path} is not an interaction this platform supports.`));
  const asOutcome: ErrorRequestHandler = (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const status = typeof err?.status === 'number' && err.status < 500 ? err.status : 500;
    if (status === 500) ctx.logger.error('request failed', { error: err instanceof Error ? err.message : String(err) });
    sendOutcome(res, status, status === 500 ? 'exception' : 'invalid', status === 500 ? 'Internal error.' : 'The body is not valid JSON.');
  };
  router.use(asOutcome);
}
