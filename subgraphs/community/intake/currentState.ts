/**
 * A report checked against what is known of the person NOW, not only their registration: an
 * earlier report of this platform for the same resident, and the registry's record of a death
 * or a move. A second, contradictory report would leave the systems disagreeing about the
 * person (and a registry that answers "recorded MOVED_OUT" to every attempt); it is refused
 * before anything is stored, naming the earlier event, its date and, when this platform took
 * it, its report.
 *
 * Called only for a resident registered in the caller's own community (validateReport checks
 * that first), so nothing here tells a worker anything about another community's residents.
 */
import type { PopulationChange } from '../../../domain/populationChange';
import type { RegisteredPerson } from '../../../domain/residents';
import type { FieldProblem } from '../../../domain/validation';
import type { Intake, IntakeStore } from '../../../platform/intake/types';
import type { CommunityRegistryAdapter } from '../adapters/community-registry';
import { reportReference } from './reference';

/** Every report of a community, whatever its date: effective dates are at most five years old. */
const ALL_TIME = { from: '0000-01-01', to: '9999-12-31' };
const PATH = ['input', 'idNumber'];
/** A report of this platform is corrected by withdrawing it; a record the registry holds otherwise, by the registry. */
const correct = (earlier: EarlierEvent) =>
  earlier.reportId ? 'withdraw the earlier report (withdrawPopulationChange) and report again' : 'correct the earlier record in the community registry instead of sending a second report';

/** An event already on record for the person: a death or a move, when, where to, and the report that carried it. */
interface EarlierEvent {
  kind: PopulationChange['kind'];
  /** YYYY-MM-DD; null when the registry does not say. */
  date: string | null;
  destination: string | null;
  /** This platform's report (intake id), when the event came through it. */
  reportId: string | null;
}

export interface CurrentStateSources {
  registry: CommunityRegistryAdapter;
  /** The intake store; absent (unit tests without one), earlier reports are not looked at. */
  store?: IntakeStore;
}

/**
 * The problems a report has against the person's current state; empty when it may go ahead.
 * A report sent again with its own idempotency key is not a second report: the store answers
 * it (the same intake, or IDEMPOTENCY_CONFLICT), so it passes here.
 */
export async function currentStateProblems(change: PopulationChange, person: RegisteredPerson, sources: CurrentStateSources): Promise<FieldProblem[]> {
  const reports = sources.store ? await sources.store.listIntakes(ALL_TIME, change.community) : [];
  if (reports.some((i) => i.idempotencyKey === change.idempotencyKey)) return [];
  // A withdrawn report does not stand: withdrawing it is how a wrong report is corrected.
  const standing = reports.filter((i) => i.change.idNumber === change.idNumber && !i.withdrawal);
  const earlier = earliestReport(standing) ?? (await registryEvent(person, sources.registry));
  return earlier ? [problemWith(change, earlier)] : [];
}

function earliestReport(reports: Intake[]): EarlierEvent | null {
  const first = [...reports].sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
  return first ? { kind: first.change.kind, date: first.change.effectiveDate, destination: first.change.move?.destination ?? null, reportId: first.id } : null;
}

/** The death or move the registry records (a CSV import, a clerk, another channel), or null for a resident. */
async function registryEvent(person: RegisteredPerson, registry: CommunityRegistryAdapter): Promise<EarlierEvent | null> {
  if (person.status === 'RESIDENT') return null;
  const kind = person.status === 'DECEASED' ? 'DEATH' : 'MOVED_OUT';
  const destination = kind === 'MOVED_OUT' ? await registry.movedTo(person.idNumber) : null;
  return { kind, date: person.statusSince, destination, reportId: null };
}

function problemWith(change: PopulationChange, earlier: EarlierEvent): FieldProblem {
  const on = earlier.date ? ` on ${earlier.date}` : ' (date not recorded)';
  const where = earlier.kind === 'MOVED_OUT' ? ` to ${earlier.destination ?? 'a destination not recorded'}` : '';
  const source = earlier.reportId ? `was already reported ${earlier.kind === 'DEATH' ? 'dead' : 'moved out'}${where}${on} (report ${reportReference(earlier.reportId)})` : `is recorded by the community registry as ${earlier.kind === 'DEATH' ? 'dead' : 'moved out'}${where}${on}`;
  const message = `belongs to a resident who ${source}; ${advice(change, earlier)}`;
  if (earlier.reportId) return { path: PATH, rule: 'alreadyReported', message };
  return earlier.kind === 'DEATH' ? { path: PATH, rule: 'alreadyDead', message } : { path: PATH, rule: 'alreadyMovedOut', message };
}

/** What the worker can do about it: the facts a person can resolve say how. */
function advice(change: PopulationChange, earlier: EarlierEvent): string {
  if (earlier.kind === 'DEATH') {
    return change.kind === 'DEATH'
      ? `a death is recorded once: if its date or details are wrong, ${correct(earlier)}`
      : `a move cannot follow a death: if the death was recorded in error, ${correct(earlier)}`;
  }
  if (change.kind === 'MOVED_OUT') return `a move is recorded once: if its date or destination is wrong, ${correct(earlier)}`;
  // A death reported after a recorded move.
  if (earlier.date && change.effectiveDate < earlier.date) {
    return `a death on ${change.effectiveDate}, before that move, means the move was recorded in error: ${correct(earlier)}`;
  }
  return 'a death after the move is for the community the resident moved to (or the place of death) to report';
}
