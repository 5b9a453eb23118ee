/**
 * What the store itself insists on before it stores an intake, whoever calls it: the subgraph
 * validated the change already, but a batch of writes (group commit) must refuse a bad one alone,
 * with the field named, and keep the others. The messages name fields and rules only: never a value.
 */
import { z } from 'zod';
import { SYSTEM_NAMES } from '../../domain/systems';
import { toFieldProblems, type FieldProblem } from '../../domain/validation';
import type { NewIntake } from './types';

const NewIntakeShape = z.object({
  key: z.string().min(1).max(200),
  inputHash: z.string().min(1).max(128),
  reportedBy: z.string().min(1).max(200),
  // Each system once: a second delivery row for one system would be a duplicate write.
  systems: z
    .array(z.enum(SYSTEM_NAMES))
    .refine((systems) => new Set(systems).size === systems.length, 'must name each system at most once'),
});

/** A new intake the store refused; `fields` lists each bad field with its path and rule (BAD_USER_INPUT). */
export class InvalidIntakeError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly fields: FieldProblem[]) {
    super(`The intake was not stored: ${fields.map((f) => `${f.path.join('.')} ${f.message}`).join('; ')}.`);
  }
}

/** Throws InvalidIntakeError naming every bad field of the intake about to be stored under `key`. */
export function checkNewIntake(key: string, input: NewIntake): void {
  const checked = NewIntakeShape.safeParse({ key, inputHash: input.inputHash, reportedBy: input.reportedBy, systems: input.systems });
  if (!checked.success) throw new InvalidIntakeError(toFieldProblems(checked.error));
}
