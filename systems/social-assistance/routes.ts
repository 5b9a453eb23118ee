/**
 * The REST/JSON protocol of the social assistance system:
 *   POST /api/v1/recipients/batch-lookup    {"idNumbers": [...]} (1..100) -> {"cases": [...]}
 *   GET  /api/v1/recipients/:idNumber       -> {"idNumber", "cases": [...]} or 404
 *   POST /api/v1/cases/:caseNo/termination  (Idempotency-Key required) -> the stopped case
 * A case document carries terminationReference: the reference its stopping termination was
 * recorded with (null while the case runs), so a writer can recognise its own earlier stop.
 */
import type { NextFunction, Request, Response, Router } from 'express';
import type { StandInContext } from '../shared/standIn';
import { IdempotencyStore, requestFingerprint, type StoredReply } from './idempotency';
import { CaseStore } from './store';
import { badRequest, BATCH_LIMIT, BatchLookupBody, caseDocument, IdempotencyKey, internalError, TerminationBody } from './wire';

export function socialAssistanceRoutes(router: Router, ctx: StandInContext): void {
  const cases = new CaseStore(ctx.db);
  const keys = new IdempotencyStore(ctx.db, ctx.commit);

  router.post('/api/v1/recipients/batch-lookup', ctx.stats.as('batch-lookup'), (req, res) => {
    const size = Array.isArray(req.body?.idNumbers) ? req.body.idNumbers.length : 0;
    if (size > BATCH_LIMIT) {
      res.status(400).json({
        error: 'batch_too_large',
        message: `idNumbers may hold at most ${BATCH_LIMIT} ID numbers per request, but got ${size}; split the lookup into batches of ${BATCH_LIMIT}.`,
        limit: BATCH_LIMIT,
      });
      return;
    }
    const parsed = BatchLookupBody.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json(badRequest(parsed.error));
      return;
    }
    res.json({ cases: cases.findByIdNumbers([...new Set(parsed.data.idNumbers)]).map(caseDocument) });
  });

  router.get('/api/v1/recipients/:idNumber', ctx.stats.as('recipient-lookup'), (req, res) => {
    const found = cases.findByIdNumbers([String(req.params.idNumber)]);
    if (found.length === 0) {
      res.status(404).json({ error: 'not_found', message: 'No social assistance case for this ID number.' });
      return;
    }
    res.json({ idNumber: found[0].id_number, cases: found.map(caseDocument) });
  });

  router.post('/api/v1/cases/:caseNo/termination', ctx.stats.as('termination'), async (req: Request, res: Response) => {
    const key = IdempotencyKey.safeParse(req.get('Idempotency-Key'));
    if (!key.success) {
      res.status(400).json({ error: 'idempotency_key_required', message: 'Writes need an Idempotency-Key header of 1 to 255 printable ASCII characters.' });
      return;
    }
    const body = TerminationBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json(badRequest(body.error));
      return;
    }
    const caseNo = String(req.params.caseNo);
    const outcome = await keys.once(key.data, requestFingerprint(req.method, req.path, req.body), (): StoredReply => {
      const result = cases.terminate(caseNo, body.data, key.data);
      switch (result.outcome) {
        case 'NOT_FOUND':
          return reply(404, { error: 'not_found', message: 'No such case.' });
        case 'ALREADY_STOPPED':
          return reply(409, { error: 'already_stopped', message: 'The case is already stopped.', case: caseDocument(result.case) });
        case 'TERMINATED':
          return reply(200, { ...caseDocument(result.case), terminationId: result.terminationId });
      }
    });
    if (outcome.kind === 'conflict') {
      res.status(422).json({ error: 'idempotency_key_reused', message: 'This Idempotency-Key was already used for a different request; use a new key for a new request.' });
      return;
    }
    if (outcome.kind === 'replay') res.set('Idempotent-Replayed', 'true');
    res.status(outcome.reply.status).type('application/json').send(outcome.reply.body);
  });

  // Body-parser failures (malformed JSON) and anything unexpected answer in the system's JSON, not HTML.
  router.use((err: { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === 'entity.parse.failed' || err.status === 400) {
      res.status(400).json({ error: 'bad_request', message: 'The body is not valid JSON.' });
      return;
    }
    ctx.logger.error('request failed', { error: err instanceof Error ? err.message : String(err) });
    internalError(res);
  });
}

const reply = (status: number, body: unknown): StoredReply => ({ status, body: JSON.stringify(body) });
