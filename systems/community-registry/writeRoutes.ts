/**
 * The registry's writes: one population change as JSON (honouring an Idempotency-Key), or many
 * as a CSV import keyed by each row's reference, so sending the same file twice changes nothing.
 */
import type { Router } from 'express';
import type { StandInContext } from '../shared/standIn';
import { changeHash, type ChangeOutcome, type ChangeWriter } from './changes';
import { importChanges } from './import';
import { ChangeBody, invalid } from './wire';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

interface Reply {
  status: number;
  body: unknown;
  /** Set on a replay, so the caller can tell it from a first write (header Idempotent-Replayed). */
  replayed?: boolean;
}

function refusal(outcome: Exclude<ChangeOutcome, { result: 'applied' }>): Reply {
  switch (outcome.result) {
    case 'unknown_person':
      return { status: 404, body: { error: 'unknown_person', message: 'No person with this ID number is registered.' } };
    case 'duplicate':
      return { status: 409, body: { error: 'already_recorded', message: 'This change was already recorded under this reference.', changeId: outcome.changeId } };
    case 'reference_in_use':
      return { status: 409, body: { error: 'reference_in_use', message: 'This reference already names a different change; use a new reference.' } };
    case 'status_conflict':
      return {
        status: 409,
        body: {
          error: 'status_conflict',
          message: `The person is no longer RESIDENT: recorded ${outcome.currentStatus} since ${outcome.statusSince ?? 'an unknown date'}.`,
          currentStatus: outcome.currentStatus,
          statusSince: outcome.statusSince,
        },
      };
  }
}

export function writeRoutes(router: Router, { db, commit, stats }: StandInContext, writer: ChangeWriter): void {
  router.post('/registry/changes', stats.as('change'), async (req, res) => {
    const key = req.get('Idempotency-Key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      res.status(400).json({ error: 'invalid_idempotency_key', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters.' });
      return;
    }
    const parsed = ChangeBody.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json(invalid('invalid_change', parsed.error.issues));
      return;
    }
    const change = parsed.data;
    // Check-then-write in one (group-committed) transaction: a concurrent retry cannot slip in between.
    const reply = await commit.run((): Reply => {
      const prior = key === undefined ? undefined : writer.byKey(key);
      if (prior) {
        return prior.hash === changeHash(change)
          ? { status: 201, body: prior.reply, replayed: true }
          : { status: 422, body: { error: 'idempotency_key_reused', message: 'This Idempotency-Key was already used with a different request body; use a new key for a new change.' } };
      }
      const outcome = writer.apply(change, 'api', key);
      return outcome.result === 'applied' ? { status: 201, body: outcome.reply } : refusal(outcome);
    });
    if (reply.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(reply.status).json(reply.body);
  });

  router.post('/registry/import', stats.as('import'), async (req, res) => {
    if (!req.is('text/csv') || typeof req.body !== 'string') {
      res.status(415).json({ error: 'unsupported_media_type', message: 'Send the changes as Content-Type: text/csv; charset=utf-8.' });
      return;
    }
    const csv = req.body;
    const result = await commit.run(() => importChanges(db, writer, csv));
    if ('error' in result) res.status(400).json(result);
    else res.json(result);
  });
}
