/**
 * Bulk import of population changes from CSV (header: reference,idNumber,kind,effectiveDate
 * and optionally destination). Each row is keyed by its reference: a row already recorded is a
 * `duplicate`, so re-importing a file changes nothing. Valid rows are applied in one
 * transaction; each row gets its own result.
 */
import type { SqliteDatabase } from '../../platform/stores/sqlite';
import type { ChangeWriter } from './changes';
import { CsvSyntaxError, parseCsv } from '../../platform/csv';
import { ChangeBody } from './wire';

/** Most rows one import may carry. */
export const IMPORT_MAX_ROWS = 5000;
const REQUIRED = ['reference', 'idNumber', 'kind', 'effectiveDate'] as const;
const COLUMNS = new Set<string>([...REQUIRED, 'destination']);

export interface ImportRowResult {
  /** 1 for the first data row (the header is not counted). */
  row: number;
  reference: string | null;
  result: 'applied' | 'duplicate' | 'rejected';
  changeId?: number;
  error?: string;
  message?: string;
}

export interface ImportSummary {
  rows: number;
  applied: number;
  duplicates: number;
  rejected: number;
  results: ImportRowResult[];
}

export interface ImportRefused {
  error: 'invalid_csv';
  message: string;
}

function readRecords(text: string): { header: string[]; rows: string[][] } | ImportRefused {
  let records: string[][];
  try {
    // The subgraph writes its imports with formula-like text neutralised (platform/csv.ts).
    records = parseCsv(text, { restoreFormulas: true }).filter((r) => r.length > 1 || r[0] !== '');
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { error: 'invalid_csv', message: err.message };
    throw err;
  }
  const [header, ...rows] = records;
  if (!header) return { error: 'invalid_csv', message: 'the document is empty; expected a header row and at least one change' };
  const missing = REQUIRED.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !COLUMNS.has(c));
  if (missing.length || unknown.length) {
    return { error: 'invalid_csv', message: `the header must name ${[...COLUMNS].join(',')} (destination optional); missing: ${missing.join(',') || 'none'}; unknown: ${unknown.join(',') || 'none'}` };
  }
  if (rows.length > IMPORT_MAX_ROWS) return { error: 'invalid_csv', message: `at most ${IMPORT_MAX_ROWS} rows per import, got ${rows.length}; split the file` };
  return { header, rows };
}

function rowResult(row: number, reference: string | null, outcome: ReturnType<ChangeWriter['apply']>): ImportRowResult {
  switch (outcome.result) {
    case 'applied':
      return { row, reference, result: 'applied', changeId: outcome.changeId };
    case 'duplicate':
      return { row, reference, result: 'duplicate', changeId: outcome.changeId };
    case 'unknown_person':
      return { row, reference, result: 'rejected', error: 'unknown_person', message: 'No person with this ID number is registered.' };
    case 'reference_in_use':
      return { row, reference, result: 'rejected', error: 'reference_in_use', message: 'This reference already names a different change.' };
    case 'status_conflict':
      return { row, reference, result: 'rejected', error: 'status_conflict', message: `The person is no longer RESIDENT: recorded ${outcome.currentStatus}.` };
  }
}

export function importChanges(db: SqliteDatabase, writer: ChangeWriter, text: string): ImportSummary | ImportRefused {
  const read = readRecords(text);
  if ('error' in read) return read;
  const results = db.transaction(() =>
    read.rows.map((fields, i): ImportRowResult => {
      // Empty cells are absent values (an empty destination means none).
      const record = Object.fromEntries(read.header.map((column, c) => [column, fields[c]]).filter(([, v]) => v !== undefined && v !== ''));
      const reference = typeof record.reference === 'string' ? record.reference : null;
      const parsed = ChangeBody.safeParse(record);
      if (!parsed.success) {
        const message = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
        return { row: i + 1, reference, result: 'rejected', error: 'invalid_change', message };
      }
      return rowResult(i + 1, reference, writer.apply(parsed.data, 'import'));
    }),
  )();
  const count = (r: ImportRowResult['result']) => results.filter((x) => x.result === r).length;
  return { rows: results.length, applied: count('applied'), duplicates: count('duplicate'), rejected: count('rejected'), results };
}
