/**
 * Idempotent writes by business serial number (X-Serial-No): the first answer to a serial is
 * stored with the write it made, in one transaction; a repeat of the same request replays that
 * answer (with `X-Serial-Replayed: true`) and writes nothing; the same serial on a different
 * request is a 409. Every write must carry a serial: without one the system refuses it.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { GroupCommit } from '../../platform/stores/groupCommit';
import { SERIAL_HEADER } from './wire';
import type { SocialInsuranceStore } from './store';

export interface Answer {
  status: number;
  body: unknown;
}

const SERIAL_PATTERN = /^[A-Za-z0-9._:/-]{8,128}$/;

/** `commit`: the stand-in's group commit; the answer is sent only once the write and its serial are on disk. */
export async function answerOnce(store: SocialInsuranceStore, commit: GroupCommit, req: Request, res: Response, write: (serialNo: string) => Answer): Promise<void> {
  const serialNo = req.get(SERIAL_HEADER);
  if (!serialNo || !SERIAL_PATTERN.test(serialNo)) {
    res.status(400).json({ code: 'SERIAL_REQUIRED', message: `Every write needs an ${SERIAL_HEADER} header of 8-128 characters [A-Za-z0-9._:/-], unique per business operation.` });
    return;
  }
  const requestHash = createHash('sha256').update(`${req.method} ${req.path}\n${JSON.stringify(req.body)}`).digest('hex');
  const answer = await commit.run((): Answer & { replayed: boolean } => {
    const previous = store.answered(serialNo);
    if (previous) {
      if (previous.request_hash !== requestHash) {
        return { status: 409, body: { code: 'SERIAL_REUSED', message: `This ${SERIAL_HEADER} was already used for a different request.` }, replayed: false };
      }
      return { status: previous.status, body: JSON.parse(previous.body), replayed: true };
    }
    const fresh = write(serialNo);
    store.remember(serialNo, requestHash, fresh.status, JSON.stringify(fresh.body));
    return { ...fresh, replayed: false };
  });
  if (answer.replayed) res.set('X-Serial-Replayed', 'true');
  res.status(answer.status).json(answer.body);
}
