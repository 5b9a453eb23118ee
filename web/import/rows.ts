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

/**
 * The columns a list may have: the template's title, then the names the lists people already keep
 * use for it (civil affairs' death lists say 公民身份号码 and 死亡日期, police lists 身份证号码 and
 * 迁出日期…), then the graph's field names.
 */
export const COLUMNS = [
  { key: 'kind', title: '变动类型', aliases: ['类型', '变动情况', '变更类型', '变动原因', 'kind'], required: true },
  { key: 'idNumber', title: '身份证号', aliases: ['身份证号码', '公民身份号码', '公民身份证号码', '身份证', '证件号码', 'idNumber'], required: true },
  { key: 'name', title: '姓名', aliases: ['居民姓名', '死者姓名', 'name'], required: true },
  { key: 'effectiveDate', title: '变动日期', aliases: ['死亡日期', '迁出日期', '日期', '死亡或迁出日期', '变动时间', '死亡时间', '迁出时间', 'effectiveDate'], required: true },
  { key: 'place', title: '死亡地点', aliases: ['死亡地', 'death.place', 'place'], required: false },
  { key: 'certificateNumber', title: '死亡证明编号', aliases: ['死亡医学证明编号', '死亡证编号', 'death.certificateNumber', 'certificateNumber'], required: false },
  { key: 'destination', title: '迁往地', aliases: ['迁往地址', '迁入地', '迁往地点', 'move.destination', 'destination'], required: false },
  { key: 'destinationDivisionCode', title: '迁往地区划代码', aliases: ['区划代码', 'move.destinationDivisionCode', 'destinationDivisionCode'], required: false },
] as const;
export type ColumnKey = (typeof COLUMNS)[number]['key'];

export interface ImportRow {
  /** The row's number in the spreadsheet (the header is row 1). */
  row: number;
  /** The row's cells as read, by column, the change kind filled in from the page's default: what a refused row goes back to the worker as. */
  values: Record<ColumnKey, string>;
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

export interface ReadOptions {
  /** The change kind of a list without a 变动类型 column (a list of deaths), as the worker chose it on the page. */
  defaultKind?: 'DEATH' | 'MOVED_OUT';
  /** The row number in the file of each entry of the cells (the header's first). @default 1, 2, 3… */
  rowNumbers?: readonly number[];
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

/**
 * Full-width digits and letters (１２３, Ｘ, typed with a Chinese input method) as ASCII, spaces of
 * any width out: Unicode's compatibility normalisation (NFKC) is exactly this mapping.
 */
export const halfWidth = (text: string) => text.normalize('NFKC').replace(/\s/g, '');

/** An ID number Excel showed in scientific notation (5.10114E+17), as text in a CSV or a text cell. */
const SCIENTIFIC = /^\d(\.\d+)?E\+?\d+$/i;

/** What a worker reads when Excel has turned an ID number into a number: the digits are gone, and how to get them back. */
export function mangledIdMessage(shown: string): string {
  return `身份证号被 Excel 当成了数字（${shown}），后几位已经丢失，无法还原。请在原表中把身份证号列设为“文本”格式后重新填写或导出，或使用导入模板（身份证号列已是文本格式）`;
}

/** 2026/3/5, 2026.3.5, 2026年3月5日 and 20260305 -> 2026-03-05; anything else as written (the schema says what is wrong). */
export function normaliseDate(text: string): string {
  text = halfWidth(text);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : text;
}

const normaliseHeader = (text: string) => text.normalize('NFKC').trim().replace(/^\*/, '').replace(/[\s*(].*$/, '').trim();

/** The normalised report of a row (without its key): what the key is derived from. */
function reportOf(values: Record<ColumnKey, string>, community: string): Record<string, unknown> {
  const written = halfWidth(values.kind);
  const kind = KINDS[written.toUpperCase()] ?? KINDS[written] ?? written;
  const orAbsent = (v: string) => (v === '' ? undefined : v);
  return {
    kind: orAbsent(kind),
    idNumber: orAbsent(halfWidth(values.idNumber).toUpperCase()),
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

/** The Chinese word a default kind is written as in a row, so a refused row goes back with its kind. */
const KIND_WORDS = { DEATH: '死亡', MOVED_OUT: '迁出' } as const;

/** Reads a sheet (rows of cells, the header first). */
export function readTable(cells: readonly (readonly unknown[])[], community: string, options: ReadOptions = {}): Table {
  const { defaultKind, rowNumbers } = options;
  const header = (cells[0] ?? []).map((c) => normaliseHeader(cellText(c)));
  const index = {} as Record<ColumnKey, number>;
  for (const column of COLUMNS) {
    index[column.key] = header.findIndex((title) => title === column.title || (column.aliases as readonly string[]).includes(title));
  }
  // A list of deaths alone has no kind column: the page's default stands for it.
  const missingColumns = COLUMNS.filter((c) => c.required && index[c.key] < 0 && !(c.key === 'kind' && defaultKind)).map((c) => c.title);
  if (missingColumns.length > 0) return { rows: [], missingColumns };

  const rows: ImportRow[] = [];
  const firstRowByKey = new Map<string, number>();
  cells.slice(1).forEach((line, i) => {
    const row = rowNumbers?.[i + 1] ?? i + 2;
    const values = Object.fromEntries(COLUMNS.map((c) => [c.key, index[c.key] >= 0 ? cellText(line[index[c.key]]) : ''])) as Record<ColumnKey, string>;
    if (Object.values(values).every((v) => v === '')) return; // a blank line
    if (values.kind === '' && defaultKind) values.kind = KIND_WORDS[defaultKind];
    const report = reportOf(values, community);
    const idCell = line[index.idNumber];
    const base = { row, values, name: values.name, idNumber: halfWidth(values.idNumber).toUpperCase(), duplicateOf: null };
    // An 18-digit number in a number cell has already lost its last digits to floating point;
    // Excel shows it, and saves it to CSV, as 5.10114E+17.
    const mangled = typeof idCell === 'number' ? idCell.toExponential(5).toUpperCase() : SCIENTIFIC.test(halfWidth(values.idNumber)) ? halfWidth(values.idNumber).toUpperCase() : null;
    if (mangled) {
      rows.push({ ...base, input: null, problems: [{ field: 'idNumber', label: '身份证号', message: mangledIdMessage(mangled) }] });
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
