/**
 * A community's own reports, newest first, found by what a worker has at hand: the short
 * reference they were given (reference.ts), the resident's ID number, or part of the name.
 * Community workers see their own community's reports; supervision every community's. A QR
 * credential (a poster anyone may scan) lists nothing: it reads back only the reports it made,
 * by their id (Query.intake).
 */
import type { Caller } from '../../../platform/auth/caller';
import { isIntakeCredential } from '../../../platform/auth/intakeCredential';
import { errors } from '../../../platform/errors';
import type { Intake, IntakeStore } from '../../../platform/intake/types';
import { guarded } from './guarded';
import { referenceIn, reportReference } from './reference';
import { intakeView } from './views';

/** Every report, whatever its date: effective dates are at most five years old. */
const ALL_TIME = { from: '0000-01-01', to: '9999-12-31' };
const MAX_FIRST = 200;
const ID_NUMBER = /^\d{17}[\dX]$/;

export interface ReportsArgs {
  search?: string | null;
  first?: number | null;
}

/** Which reports a search term picks: by reference, by ID number, or by a part of the name. */
export function reportMatcher(search: string | null | undefined): (intake: Intake) => boolean {
  const term = (search ?? '').normalize('NFKC').trim();
  if (!term) return () => true;
  const reference = referenceIn(term);
  if (reference) return (intake) => reportReference(intake.id) === reference;
  const idNumber = term.replace(/\s/g, '').toUpperCase();
  if (ID_NUMBER.test(idNumber)) return (intake) => intake.change.idNumber === idNumber;
  return (intake) => intake.change.name.includes(term);
}

/** What listing needs of the request (a narrow view of the intake context). */
export interface ReportsContext {
  caller: Caller | null;
  intakes: { store: IntakeStore };
}

export async function listReports(args: ReportsArgs, ctx: ReportsContext) {
  const caller = ctx.caller;
  if (!caller) throw errors.forbidden('requests come through the gateway with an authenticated caller');
  if (isIntakeCredential(caller)) throw errors.forbidden('a QR credential reads back only the reports it made itself, by their id; sign in to list the community’s reports');
  const first = args.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) {
    throw errors.badUserInput([{ path: ['first'], rule: 'range', message: `must be a whole number from 1 to ${MAX_FIRST}` }]);
  }
  if ((args.search ?? '').length > 64) throw errors.badUserInput([{ path: ['search'], rule: 'maxLength', message: 'must be at most 64 characters: a reference, an ID number or part of a name' }]);
  const matches = reportMatcher(args.search);
  const intakes = await guarded(() => ctx.intakes.store.listIntakes(ALL_TIME, caller.role === 'community' ? caller.community : undefined));
  const found = intakes
    .filter(matches)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, first);
  const views = await guarded(() => Promise.all(found.map((i) => ctx.intakes.store.getIntake(i.id))));
  return views.flatMap((view) => (view ? [intakeView(view)] : []));
}
