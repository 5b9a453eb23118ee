/**
 * A month's spreadsheet, row by row, as reports: the header row names the columns (Chinese
 * template names or the graph's field names), each later row becomes the schema's input and is
 * checked with the same schema the server uses. Each good row's idempotency key is derived
 * from its normalised content, so the same row in the same file, uploaded again, is the same
 * report to the server and is never recorded twice.
 */
// zod must be told not to compile parsers (the pages' CSP forbids eval) before this chunk, loaded on demand, parses anything.
import '../shared/zodSetup';
import { PopulationChangeInput } from '../../domain/populationChange';
import { toFieldProblems } from '../../domain/validation';
import { fieldMessages, type FieldMessage } from '../shared/messages';
import { sha256Hex } from '../shared/sha256';

export const COLUMNS = [
  { key: 'kind', title: '变动类型', aliases: ['类型', 'kind'], required: true },
  { key: 'idNumber', title: '身份证号', aliases: ['身份证号码', '公民身份号码', 'idNumber'], required: true },
  { key: 'name', title: '姓名', aliases: ['name'], required: true },
  { key: 'effectiveDate', title: '变动日期', aliases: ['日期', '死亡或迁出日期', 'effectiveDate'], required: true },
  { key: 'place', title: '死亡地点', aliases: ['death.place', 'place'], required: false },
  { key: 'certificateNumber', title: '死亡证明编号', aliases: ['death.certificateNumber', 'certificateNumber'], required: false },
  { key: 'destination', title: '迁往地', aliases: ['move.destination', 'destination'], required: false },
  { key: 'destinationDivisionCode', title: '迁往地区划代码', aliases: ['区划代码', 'move.destinationDivisionCode', 'destinationDivisionCode'], required: false },
] as const;
export type ColumnKey = (typeof COLUMNS)[number]['key'];

export interface ImportRow {
  /** The row's number in the spreadsheet (the header is row 1). */
  row: number;
  name: string;
  idNumber: string;
  /** The schema's input with its derived key, when the row passed the schema. */
  input: Record<string, unknown> | null;
  problems: FieldMessage[];
  /** An earlier row of the same file with the same content: reported once, through that row. */
  duplicateOf: number | null;
}

export interface Table {
  rows: ImportRow[];
  /** Required columns the header row lacks (their template titles): the file cannot be read. */
  missingColumns: string[];
}

const KINDS: Record<string, string> = { 死亡: 'DEATH', 去世: 'DEATH', DEATH: 'DEATH', 迁出: 'MOVED_OUT', 迁走: 'MOVED_OUT', MOVED_OUT: 'MOVED_OUT' };

/** A cell as text, whatever the spreadsheet made of it (exceljs gives dates, numbers, rich text, formula results). */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10); // exceljs reads a date cell as that day at UTC midnight
  if (typeof cell === 'object') {
    const c = cell as { richText?: { text: string }[]; text?: unknown; result?: unknown };
    if (c.richText) return c.richText.map((r) => r.text).join('').trim();
    if (c.result !== undefined) return cellText(c.result);
    if (c.text !== undefined) return cellText(c.text);
    return '';
  }
  return String(cell).trim();
}

/** 2026/3/5, 2026.3.5, 2026年3月5日 and 20260305 -> 2026-03-05; anything else as written (the schema says what is wrong). */
export function normaliseDate(text: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : text;
}

const normaliseHeader = (text: string) => text.replace(/[\s*（(].*$/, '').trim();

/** The normalised report of a row (without its key): what the key is derived from. */
function reportOf(values: Record<ColumnKey, string>, community: string): Record<string, unknown> {
  const kind = KINDS[values.kind.toUpperCase()] ?? KINDS[values.kind] ?? values.kind;
  const orAbsent = (v: string) => (v === '' ? undefined : v);
  return {
    kind: orAbsent(kind),
    idNumber: orAbsent(values.idNumber.replace(/\s/g, '').toUpperCase()),
    name: values.name,
    effectiveDate: orAbsent(normaliseDate(values.effectiveDate)),
    community,
    death: kind === 'DEATH' ? { place: values.place, certificateNumber: values.certificateNumber || null } : null,
    move: kind === 'MOVED_OUT' ? { destination: values.destination, destinationDivisionCode: values.destinationDivisionCode || null } : null,
  };
}

/** `import-` and 40 hex digits of the SHA-256 of the normalised report. */
export function rowKey(report: Record<string, unknown>): string {
  const d = (report.death ?? {}) as Record<string, unknown>;
  const m = (report.move ?? {}) as Record<string, unknown>;
  const canonical = [report.community, report.kind, report.idNumber, report.name, report.effectiveDate, d.place, d.certificateNumber, m.destination, m.destinationDivisionCode].map((v) => v ?? null);
  return `import-${sha256Hex(JSON.stringify(canonical)).slice(0, 40)}`;
}

/** Reads a sheet (rows of cells, the header first; `rowNumbers[i]` is row i's number in the file). */
export function readTable(cells: readonly (readonly unknown[])[], community: string, rowNumbers?: readonly number[]): Table {
  const header = (cells[0] ?? []).map((c) => normaliseHeader(cellText(c)));
  const index = {} as Record<ColumnKey, number>;
  for (const column of COLUMNS) {
    index[column.key] = header.findIndex((title) => title === column.title || (column.aliases as readonly string[]).includes(title));
  }
  const missingColumns = COLUMNS.filter((c) => c.required && index[c.key] < 0).map((c) => c.title);
  if (missingColumns.length > 0) return { rows: [], missingColumns };

  const rows: ImportRow[] = [];
  const firstRowByKey = new Map<string, number>();
  cells.slice(1).forEach((line, i) => {
    const row = rowNumbers?.[i + 1] ?? i + 2;
    const values = Object.fromEntries(COLUMNS.map((c) => [c.key, index[c.key] >= 0 ? cellText(line[index[c.key]]) : ''])) as Record<ColumnKey, string>;
    if (Object.values(values).every((v) => v === '')) return; // a blank line
    const report = reportOf(values, community);
    const idCell = line[index.idNumber];
    const base = { row, name: values.name, idNumber: values.idNumber, duplicateOf: null };
    // An 18-digit number typed into a number cell has already lost its last digits to floating point.
    if (typeof idCell === 'number') {
      rows.push({ ...base, input: null, problems: [{ field: 'idNumber', label: '身份证号', message: '身份证号被表格存成了数字，后几位已经丢失；请把这一列设为“文本”格式后重新填写' }] });
      return;
    }
    const key = rowKey(report);
    const parsed = PopulationChangeInput.safeParse({ ...report, idempotencyKey: key });
    if (!parsed.success) {
      rows.push({ ...base, input: null, problems: fieldMessages(toFieldProblems(parsed.error)) });
      return;
    }
    const duplicateOf = firstRowByKey.get(key) ?? null;
    if (duplicateOf === null) firstRowByKey.set(key, row);
    rows.push({ ...base, input: { ...report, idempotencyKey: key }, problems: [], duplicateOf });
  });
  return { rows, missingColumns: [] };
}
