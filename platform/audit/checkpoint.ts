/**
 * A checkpoint of the audit log (an earlier verification's `lastIntact`), as supervision gives it
 * back: one schema for the graph's `auditChainValid(checkpoint:)` and for
 * `npm run audit:verify -- --checkpoint <seq>:<hash>`, which writes it as text.
 */
import { z } from 'zod';
import { toFieldProblems, type FieldProblem } from '../../domain/validation';
import type { AuditCheckpoint } from './types';

export const AuditCheckpointInput = z.object({
  seq: z.number().int().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hexadecimal characters'),
});

export type CheckpointParse = { ok: true; checkpoint: AuditCheckpoint } | { ok: false; problems: FieldProblem[] };

/** Checks a checkpoint given as an object; problems carry paths under `root`. */
export function parseCheckpoint(value: unknown, root: string[] = []): CheckpointParse {
  const parsed = AuditCheckpointInput.safeParse(value);
  return parsed.success ? { ok: true, checkpoint: parsed.data } : { ok: false, problems: toFieldProblems(parsed.error, root) };
}

/** `<seq>:<hash>`, the text form the command prints and reads. */
export const checkpointText = (c: AuditCheckpoint) => `${c.seq}:${c.hash}`;

export function parseCheckpointText(text: string): CheckpointParse {
  const [seq, hash, ...rest] = text.split(':');
  if (rest.length > 0 || hash === undefined) return { ok: false, problems: [{ path: [], rule: 'format', message: 'must be <seq>:<hash>' }] };
  return parseCheckpoint({ seq: /^\d+$/.test(seq) ? Number(seq) : seq, hash });
}
