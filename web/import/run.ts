/**
 * Reports the good rows of a month's file, a few at a time, and says what became of each row.
 * Before sending, the community's changes already on record for the file's dates are read: a
 * row whose resident already has that change (reported from the QR page, or by an earlier
 * import) is not sent again. A row the server finds on record otherwise (an earlier report
 * outside the file's dates, the registry's own record) is counted as already reported too. The derived keys are the guarantee behind that courtesy: a row
 * sent twice (a retry, two uploads at once) is still one intake.
 */
import { maskIdNumber } from '../../domain/idNumber';
import { mapWithConcurrency } from '../../platform/concurrency';
import type { FieldProblem, GraphQLOutcome } from '../shared/graphql';
import { fieldMessages, SERVICE_LABELS } from '../shared/messages';
import type { ImportRow } from './rows';

export type RowStatus = 'reported' | 'alreadyReported' | 'duplicate' | 'invalid' | 'failed' | 'notSent';

export interface RowOutcome {
  row: number;
  name: string;
  idNumber: string;
  status: RowStatus;
  intakeId: string | null;
  /** Why the row was not reported, in Chinese. */
  reasons: string[];
}

export interface RecordedChange {
  kind: string;
  name: string;
  resident: { idNumber: string };
}

export interface ImportDeps {
  report(input: Record<string, unknown>): Promise<GraphQLOutcome<{ reportPopulationChange: { id: string; createdAt: string } }>>;
  recorded(range: { from: string; to: string }): Promise<GraphQLOutcome<{ populationChanges: RecordedChange[] }>>;
  onProgress(done: number, total: number): void;
  /** Reports in flight at once. @default 3 */
  concurrency?: number;
  /** Pauses before each retry of a row whose answer did not arrive, in ms. @default [1000, 3000] */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

export interface ImportResult {
  outcomes: RowOutcome[];
  /** A refusal that stopped the import (UNAUTHENTICATED, FORBIDDEN), or null. */
  stoppedBy: string | null;
}

const STOPPING = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);
/** The rules with which the server says the person's change is already on record (subgraphs/community/intake/currentState.ts). */
const ON_RECORD_RULES = new Set(['alreadyReported', 'alreadyDead', 'alreadyMovedOut']);
const IMPORT_AGAIN = '未能确认是否已上报；稍后重新导入同一文件即可，不会重复上报';
/** Why a row's report was not confirmed, naming the service the gateway could not reach. */
const notReachedReason = (code?: string, service?: string) =>
  code === 'SUBGRAPH_UNAVAILABLE' ? `${SERVICE_LABELS[service ?? ''] ?? '上报服务'}暂时无法连接，${IMPORT_AGAIN}` : `网络或部门系统暂时故障，${IMPORT_AGAIN}`;
const reasonsOf = (problems: readonly FieldProblem[]) => fieldMessages(problems).map((m) => `${m.label}：${m.message}`);

/** The same resident, whether the graph shows the ID number whole or masked. */
const sameResident = (recorded: string, id: string) => (recorded.includes('*') ? recorded === maskIdNumber(id) : recorded === id);

export async function runImport(rows: readonly ImportRow[], deps: ImportDeps): Promise<ImportResult> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const retryDelays = deps.retryDelaysMs ?? [1000, 3000];
  const outcomes = new Map<ImportRow, RowOutcome>();
  const settle = (row: ImportRow, status: RowStatus, reasons: string[] = [], intakeId: string | null = null) =>
    outcomes.set(row, { row: row.row, name: row.name, idNumber: row.idNumber, status, intakeId, reasons });

  const toSend: ImportRow[] = [];
  for (const row of rows) {
    if (!row.input) settle(row, 'invalid', row.problems.map((p) => `${p.label}：${p.message}`));
    else if (row.duplicateOf !== null) settle(row, 'duplicate', [`与第 ${row.duplicateOf} 行内容相同，只上报一次`]);
    else toSend.push(row);
  }

  let stoppedBy: string | null = null;
  let importStartedAt: number | null = null;
  const dates = toSend.map((r) => String(r.input!.effectiveDate)).sort();
  if (dates.length > 0) {
    const recorded = await deps.recorded({ from: dates[0], to: dates[dates.length - 1] });
    if (recorded.kind === 'data') {
      importStartedAt = recorded.serverDate;
      for (const row of [...toSend]) {
        const hit = recorded.data.populationChanges.find((c) => c.kind === row.input!.kind && sameResident(c.resident.idNumber, String(row.input!.idNumber)) && c.name === row.input!.name);
        if (hit) {
          settle(row, 'alreadyReported', ['本系统已有这位居民的这项变动（可能已扫码单条上报），未重复上报']);
          toSend.splice(toSend.indexOf(row), 1);
        }
      }
    } else if (recorded.kind === 'errors' && recorded.errors[0]?.extensions?.code === 'UNAUTHENTICATED') {
      stoppedBy = 'UNAUTHENTICATED';
    }
    // Otherwise (a QR credential may not be allowed to list changes, a system may be down) the
    // rows go without the courtesy: their keys still make each one intake at most.

  }

  let done = rows.length - toSend.length;
  deps.onProgress(done, rows.length);
  await mapWithConcurrency(toSend, deps.concurrency ?? 3, async (row) => {
    for (let attempt = 0; !stoppedBy; attempt++) {
      const outcome = await deps.report(row.input!);
      if (outcome.kind === 'data') {
        const intake = outcome.data.reportPopulationChange;
        // Answered with an intake made before this import began: the same row, imported before.
        const earlier = importStartedAt !== null && Date.parse(intake.createdAt) < importStartedAt;
        settle(row, earlier ? 'alreadyReported' : 'reported', earlier ? ['此前已导入过同一行，未重复上报'] : [], intake.id);
        break;
      }
      const first = outcome.kind === 'errors' ? outcome.errors[0]?.extensions : undefined;
      // Stored, only its progress could not be read: reported, under this intake.
      if (first?.stored === 'yes' && first.intakeId) {
        settle(row, 'reported', [], first.intakeId);
        break;
      }
      if (first?.code === 'BAD_USER_INPUT') {
        const problems = first.fields ?? [];
        // The server looks at every earlier report and the registry, whatever their dates: a row
        // it finds on record (reported or recorded before, outside this file's dates too) is not a mistake to fix.
        const onRecord = problems.length > 0 && problems.every((p) => ON_RECORD_RULES.has(p.rule));
        settle(row, onRecord ? 'alreadyReported' : 'invalid', reasonsOf(problems));
        break;
      }
      if (first?.code && STOPPING.has(first.code)) {
        stoppedBy = first.code;
        break;
      }
      if (attempt >= retryDelays.length) {
        settle(row, 'failed', [notReachedReason(first?.code, first?.service)]);
        break;
      }
      await sleep(retryDelays[attempt]);
    }
    if (!outcomes.has(row)) settle(row, 'notSent', ['导入已停止，这一行没有上报']);
    deps.onProgress(++done, rows.length);
  });
  for (const row of rows) if (!outcomes.has(row)) settle(row, 'notSent', ['导入已停止，这一行没有上报']);
  return { outcomes: rows.map((r) => outcomes.get(r)!), stoppedBy };
}
