/**
 * Supervision's view of the audit log: records by resident, by caller and by period (Asia/Shanghai
 * dates), newest first, and whether the hash chain is intact. The records are read from the
 * store the subgraphs write them to; nothing here changes them.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { ID_NUMBER_RULE_MESSAGES, idNumberProblem } from '../../domain/idNumber';
import { PeriodInput, resolvePeriod, shanghaiDayStart } from '../../domain/period';
import { toFieldProblems } from '../../domain/validation';
import { AuditUnavailableError, fieldsReadOf, parseCheckpoint, type AuditFilter, type AuditRecord, type AuditStore } from '../../platform/audit';
import { errors } from '../../platform/errors';
import type { RequestContext } from '../../platform/server/subgraph';

/** Largest answer of one auditLog query. */
export const AUDIT_LOG_MAX = 1000;

export interface AuditLogContext extends RequestContext {
  /** The audit store; absent when this process was started without one. */
  audit?: AuditStore;
}

interface AuditLogArgs {
  residentIdNumber?: string | null;
  subject?: string | null;
  period?: unknown;
  first?: number | null;
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The arguments as a store filter; bad arguments are BAD_USER_INPUT with the path of each. */
export function auditFilter(args: AuditLogArgs, now: Date = new Date()): AuditFilter {
  const filter: AuditFilter = {};
  const first = args.first ?? 100;
  if (!Number.isInteger(first) || first < 1 || first > AUDIT_LOG_MAX) {
    throw errors.badUserInput([{ path: ['first'], rule: 'range', message: `must be an integer from 1 to ${AUDIT_LOG_MAX}, but got ${String(first)}` }]);
  }
  filter.limit = first;
  if (args.residentIdNumber != null) {
    const rule = idNumberProblem(args.residentIdNumber);
    if (rule) throw errors.badUserInput([{ path: ['residentIdNumber'], rule, message: ID_NUMBER_RULE_MESSAGES[rule] }]);
    filter.residentId = args.residentIdNumber;
  }
  if (args.subject != null) filter.subject = args.subject;
  if (args.period != null) {
    const parsed = PeriodInput.safeParse(args.period);
    if (!parsed.success) throw errors.badUserInput(toFieldProblems(parsed.error, ['period']));
    const range = resolvePeriod(parsed.data, now);
    filter.from = shanghaiDayStart(range.from);
    // The whole last day: up to the instant before the next day starts.
    filter.to = new Date(Date.parse(shanghaiDayStart(nextDay(range.to))) - 1).toISOString();
  }
  return filter;
}

/**
 * A record as the graph shows it: one row per resident it names (the contract's AuditRecord has
 * one residentIdNumber and its fields), each row carrying the stored record's seq and hash. Asked
 * by resident, only that resident's row: the index found every record that read them.
 */
function recordViews(r: AuditRecord, residentId: string | undefined) {
  const residents = residentId !== undefined ? [residentId] : [...new Set(r.reads.flatMap((g) => g.residents))];
  return residents.map((resident) => ({ ...r, residentIdNumber: resident, fields: fieldsReadOf(r, resident) }));
}

function storeOf(ctx: AuditLogContext): AuditStore {
  if (!ctx.audit) throw new Error('This reconciliation subgraph was started without an audit store (DATA_DIR or REDIS_URL).');
  return ctx.audit;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AuditUnavailableError) throw errors.storeUnavailable(`${err.message} Try again shortly.`);
    throw err;
  }
}

export const auditLogResolvers: GraphQLResolverMap<AuditLogContext> = {
  Query: {
    async auditLog(_root, args: AuditLogArgs, ctx: AuditLogContext) {
      const filter = auditFilter(args);
      const records = await guarded(() => storeOf(ctx).query(filter));
      ctx.logger.info('audit log read', { records: records.length });
      return records.flatMap((r) => recordViews(r, filter.residentId)).slice(0, filter.limit);
    },
    auditChainValid(_root, args: { checkpoint?: unknown }, ctx: AuditLogContext) {
      if (args.checkpoint == null) return guarded(() => storeOf(ctx).verify());
      const parsed = parseCheckpoint(args.checkpoint, ['checkpoint']);
      if (!parsed.ok) throw errors.badUserInput(parsed.problems);
      return guarded(() => storeOf(ctx).verify(parsed.checkpoint));
    },
  },
};
