/**
 * The social insurance protocol (REST/JSON, API v2):
 *   GET  /si/v2/insured-persons?idNumbers=a,b&page=1&pageSize=50   paginated batch lookup
 *   GET  /si/v2/insured-persons/:idNumber                          one person
 *   POST /si/v2/pensions/:idNumber/stop   {reason, effectiveDate, reference}      (X-Serial-No)
 *   POST /si/v2/claims                    {type, idNumber, deathDate, reference}  (X-Serial-No)
 * Errors are {code, message}; every route sits behind the shared token bucket.
 */
import type { ErrorRequestHandler, Request, Response, Router } from 'express';
import type { StandInContext } from '../shared/standIn';
import { rateLimiter, TokenBucket, type RateLimitOptions } from './rateLimit';
import { answerOnce, type Answer } from './serials';
import { SocialInsuranceStore } from './store';
import { API, ClaimBody, DEFAULT_PAGE_SIZE, MAX_IDS_PER_QUERY, MAX_PAGE_SIZE, StopPensionBody, type WireClaim, type WirePage, type WireInsuredPerson } from './wire';

const ID_PATTERN = /^\d{17}[\dX]$/;

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ code, message });
}

function intParam(value: unknown, fallback: number): number | null {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value)) return null;
  return Number(value);
}

function lookupPage(store: SocialInsuranceStore) {
  return (req: Request, res: Response): void => {
    const raw = req.query.idNumbers;
    if (raw === undefined) return fail(res, 400, 'ID_NUMBERS_REQUIRED', 'Query parameter idNumbers (comma-separated) is required.');
    const ids = [...new Set((Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).filter((v) => v !== ''))];
    if (ids.length === 0) return fail(res, 400, 'ID_NUMBERS_REQUIRED', 'Query parameter idNumbers (comma-separated) is required.');
    if (ids.length > MAX_IDS_PER_QUERY) return fail(res, 400, 'TOO_MANY_ID_NUMBERS', `At most ${MAX_IDS_PER_QUERY} ID numbers per query, but got ${ids.length}.`);
    const bad = ids.findIndex((id) => !ID_PATTERN.test(id));
    if (bad >= 0) return fail(res, 400, 'INVALID_ID_NUMBER', `idNumbers[${bad}] is not an 18-character ID number.`);
    const page = intParam(req.query.page, 1);
    const pageSize = intParam(req.query.pageSize, DEFAULT_PAGE_SIZE);
    if (page === null || page < 1) return fail(res, 400, 'INVALID_PAGE', 'page must be a whole number from 1.');
    if (pageSize === null || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return fail(res, 400, 'INVALID_PAGE_SIZE', `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
    const { items, totalItems } = store.page(ids, page, pageSize);
    const body: WirePage<WireInsuredPerson> = { items, page, pageSize, totalItems, totalPages: Math.ceil(totalItems / pageSize) };
    res.json(body);
  };
}

function stopPension(store: SocialInsuranceStore, idNumber: string, body: StopPensionBody, serialNo: string): Answer {
  const person = store.person(idNumber);
  if (!person) return { status: 404, body: { code: 'PERSON_NOT_FOUND', message: 'The system has no record of this person.' } };
  if (!person.pension) return { status: 404, body: { code: 'NO_PENSION', message: 'The person draws no pension.' } };
  if (person.pension.payStatus === 'TERMINATED') {
    return { status: 409, body: { code: 'PENSION_ALREADY_TERMINATED', message: 'The pension is already terminated.', endDate: person.pension.endDate } };
  }
  store.terminatePension(idNumber, body.effectiveDate, body.reason);
  store.audit({ kind: 'PENSION_STOP', idNumber, serialNo, reference: body.reference });
  return { status: 200, body: store.person(idNumber) };
}

function fileClaim(store: SocialInsuranceStore, body: ClaimBody, serialNo: string): Answer {
  const person = store.person(body.idNumber);
  if (!person?.insured) return { status: 422, body: { code: 'NOT_INSURED', message: 'The person is not insured; no funeral grant or survivor pension applies.' } };
  const existing = store.claimOf(body.idNumber, body.type);
  if (existing) return { status: 409, body: { code: 'DUPLICATE_CLAIM', message: 'A claim of this type already exists for the person.', claimId: existing.claim_id } };
  const receivedAt = new Date().toISOString();
  const claim: WireClaim = {
    claimId: `FG${receivedAt.slice(0, 10).replace(/-/g, '')}${String(store.nextClaimNumber()).padStart(6, '0')}`,
    type: body.type,
    idNumber: body.idNumber,
    deathDate: body.deathDate,
    status: 'RECEIVED',
    reference: body.reference,
    receivedAt,
  };
  store.insertClaim(claim);
  store.audit({ kind: 'CLAIM_FILED', idNumber: body.idNumber, serialNo, reference: body.reference });
  return { status: 201, body: claim };
}

export function socialInsuranceRoutes(router: Router, ctx: StandInContext, rateLimit: RateLimitOptions): void {
  const store = new SocialInsuranceStore(ctx.db);
  const { stats } = ctx;
  router.use(API, rateLimiter(new TokenBucket(rateLimit), stats));

  router.get(`${API}/insured-persons`, stats.as('insured-persons-page'), lookupPage(store));
  router.get(`${API}/insured-persons/:idNumber`, stats.as('insured-person'), (req, res) => {
    const idNumber = String(req.params.idNumber);
    const person = ID_PATTERN.test(idNumber) ? store.person(idNumber) : null;
    if (!person) return fail(res, 404, 'PERSON_NOT_FOUND', 'The system has no record of this person.');
    res.json(person);
  });

  router.post(`${API}/pensions/:idNumber/stop`, stats.as('pension-stop'), async (req, res) => {
    const idNumber = String(req.params.idNumber);
    const parsed = StopPensionBody.safeParse(req.body);
    if (!parsed.success || !ID_PATTERN.test(idNumber)) {
      return fail(res, 400, 'INVALID_REQUEST', 'Expected an 18-character ID number in the path and {reason: DEATH|MOVED_OUT|OTHER, effectiveDate: YYYY-MM-DD, reference}.');
    }
    await answerOnce(store, ctx.commit, req, res, (serialNo) => stopPension(store, idNumber, parsed.data, serialNo));
  });

  router.post(`${API}/claims`, stats.as('claim-file'), async (req, res) => {
    const parsed = ClaimBody.safeParse(req.body);
    if (!parsed.success) return fail(res, 400, 'INVALID_REQUEST', 'Expected {type: FUNERAL_GRANT_AND_SURVIVOR_PENSION, idNumber, deathDate: YYYY-MM-DD, reference}.');
    await answerOnce(store, ctx.commit, req, res, (serialNo) => fileClaim(store, parsed.data, serialNo));
  });

  router.use(API, (_req, res) => fail(res, 404, 'NOT_FOUND', 'No such endpoint in API v2.'));
  // Malformed JSON bodies get the system's own error shape, not Express's HTML page.
  const badBody: ErrorRequestHandler = (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const status = typeof err?.status === 'number' && err.status < 500 ? err.status : 500;
    fail(res, status, status === 500 ? 'SYSTEM_ERROR' : 'INVALID_REQUEST', status === 500 ? 'Internal error.' : 'The request body is not valid JSON.');
  };
  router.use(badBody);
}
