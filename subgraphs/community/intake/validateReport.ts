/**
 * Everything a report must pass before anything is stored or sent: the shared zod schema
 * (every bad field at once), the caller's right to report for that community, and the
 * registry's word that the community exists and the resident lives there (another community's
 * resident is told apart from an unknown number by nobody: both are `notRegistered`), and then
 * the person's current state (currentState.ts: not already reported, dead or moved away).
 */
import { PopulationChangeInput, type PopulationChange } from '../../../domain/populationChange';
import { toFieldProblems, type FieldProblem } from '../../../domain/validation';
import type { Caller } from '../../../platform/auth/caller';
import { errors } from '../../../platform/errors';
import type { IntakeStore } from '../../../platform/intake/types';
import type { CommunityContext } from '../context';
import { currentStateProblems } from './currentState';

const ROOT = ['input'];

export async function validateReport(raw: unknown, caller: Caller | null, ctx: CommunityContext & { intakes?: { store: IntakeStore } }): Promise<PopulationChange> {
  if (!caller) throw errors.forbidden('reports come through the gateway with an authenticated caller');
  if (caller.role !== 'community') throw errors.forbidden('only community workers report population changes');

  const parsed = PopulationChangeInput.safeParse(raw);
  if (!parsed.success) throw errors.badUserInput(toFieldProblems(parsed.error, ROOT));
  const change = parsed.data;
  if (change.community !== caller.community) {
    throw errors.forbidden('a community worker reports for their own community only');
  }

  const [communities, person] = await Promise.all([ctx.adapters.registry.communities(), ctx.loaders.person.load(change.idNumber)]);
  const problems: FieldProblem[] = [];
  if (!communities.some((c) => c.code === change.community)) {
    problems.push({ path: [...ROOT, 'community'], rule: 'unknownCommunity', message: 'is not a community the registry knows' });
  }
  // Another community's resident answers exactly as an unknown number does (same rule, message,
  // and the same registry reads before it), so a worker or a QR credential cannot probe who lives
  // elsewhere in the district. Checks of the person's state belong after this line: own residents only.
  const resident = person && person.community === change.community ? person : null;
  if (!resident) {
    problems.push({ path: [...ROOT, 'idNumber'], rule: 'notRegistered', message: 'does not belong to a resident registered in this community' });
  } else if (resident.name !== change.name) {
    problems.push({ path: [...ROOT, 'name'], rule: 'nameMismatch', message: 'does not match the name registered for this ID number; check both' });
  }
  if (problems.length) throw errors.badUserInput(problems);
  // Registered here, under this name: now against what is already on record about the person.
  const conflicts = await currentStateProblems(change, resident!, { registry: ctx.adapters.registry, store: ctx.intakes?.store });
  if (conflicts.length) throw errors.badUserInput(conflicts);
  return change;
}
