/**
 * The forms as a clerk files them: a workbook with one sheet per form, named by the form's Chinese
 * title, its columns the template's field titles, codes in words, times in Beijing time, amounts
 * and counts as numbers (so a sum works), ID numbers and codes as text (so Excel neither rounds an
 * 18-digit number nor drops a code's leading zero), fixed widths and a frozen header row; and the
 * same columns as one CSV. The words and titles come from domain/forms/labels.ts.
 */
import type { Worksheet } from 'exceljs';
import { exportColumns } from '../domain/forms/layout';
import { beijingTime, DEPARTMENT_LABELS, fieldTitle, fieldTypeOf, shownValue } from '../domain/forms/labels';
import type { FieldType, FormType } from '../domain/forms';
import { toCsv } from '../platform/csv';
import type { FormRow } from '../contract/pageOperations';

/** What every row starts with, before the template's fields: the form itself. */
const FIXED = [
  { title: '表单编号', type: 'code', value: (f: FormRow) => f.id },
  { title: '表号', type: 'count', value: (f: FormRow) => f.number },
  { title: '表单名称', type: 'text', value: (f: FormRow) => f.title },
  { title: '部门', type: 'text', value: (f: FormRow) => DEPARTMENT_LABELS[f.department] ?? f.department },
  { title: '变动日期', type: 'date', value: (f: FormRow) => f.effectiveDate },
  { title: '生成时间（北京时间）', type: 'datetime', value: (f: FormRow) => beijingTime(f.createdAt) },
  { title: '上报编号', type: 'code', value: (f: FormRow) => f.intakeId },
  // A withdrawn report's form stays in the file (a clerk may have acted on it), marked so it is not acted on again.
  { title: '状态', type: 'text', value: (f: FormRow) => (f.withdrawn ? '已撤回' : '有效') },
] as const;

type Cell = string | number | null;

/** Column widths in characters, by what the column holds: wide enough for an 18-digit ID number or a Beijing time. */
const WIDTH: Record<FieldType, number> = { code: 22, date: 12, datetime: 18, amount: 14, count: 8, text: 18 };

/** A field's value as a cell: amounts and counts as numbers, everything else as the form's words. */
function cellOf(type: FormType | undefined, name: string, value: string | null): Cell {
  if (value === null || value === '') return null;
  const kind = fieldTypeOf(type, name);
  if (kind === 'amount' || kind === 'count') {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  return shownValue(type, name, value);
}

interface Table {
  titles: string[];
  types: FieldType[];
  rows: Cell[][];
}

/** The forms as a table: fixed columns, then the fields some form gives the reader (domain/forms/layout.ts). */
function tableOf(forms: FormRow[], type?: FormType): Table {
  const columns = exportColumns(forms);
  return {
    titles: [...FIXED.map((c) => c.title), ...columns.map((c) => fieldTitle(type, c))],
    types: [...FIXED.map((c) => c.type), ...columns.map((c) => fieldTypeOf(type, c))],
    rows: forms.map((f) => {
      const byName = new Map(f.fields.map((x) => [x.name, x.value]));
      return [...FIXED.map((c) => c.value(f)), ...columns.map((c) => cellOf(f.type, c, byName.get(c) ?? null))];
    }),
  };
}

/** Characters Excel refuses in a sheet name. */
const FORBIDDEN_IN_SHEET_NAME = /[\\/?*:[\]]/g;
const SHEET_NAME_MAX = 31;

/**
 * A sheet name Excel accepts: forbidden characters taken out, at most 31 characters, not starting
 * or ending with an apostrophe, and unlike every name in `taken` (compared as Excel does, ignoring
 * case): a repeat gets " (2)", " (3)"… within the 31.
 */
export function sheetName(title: string, taken: ReadonlySet<string>): string {
  const base = title.replace(FORBIDDEN_IN_SHEET_NAME, '').replace(/^'+|'+$/g, '').trim() || '表单';
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  for (let i = 1; ; i++) {
    const suffix = i === 1 ? '' : ` (${i})`;
    const name = [...base].slice(0, SHEET_NAME_MAX - suffix.length).join('') + suffix;
    if (!used.has(name.toLowerCase())) return name;
  }
}

function writeSheet(sheet: Worksheet, table: Table): void {
  sheet.columns = table.titles.map((title, i) => ({
    header: title,
    // A title wider than its values' usual width gets room for itself (a Chinese character is two wide).
    width: Math.max(WIDTH[table.types[i]], [...title].length * 2 + 2),
    // Codes (ID numbers first) stay text even when a clerk edits or pastes into the column.
    style: table.types[i] === 'code' ? { numFmt: '@' } : table.types[i] === 'amount' ? { numFmt: '0.00' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of table.rows) sheet.addRow(row);
}

export async function formsWorkbook(forms: FormRow[]): Promise<Buffer> {
  // Loaded on the first download: the spreadsheet library is ~20 MB the idle gateway does not need.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'resident-graph';
  const byType = new Map<FormType, FormRow[]>();
  for (const f of [...forms].sort((a, b) => a.number - b.number)) byType.set(f.type, [...(byType.get(f.type) ?? []), f]);
  const taken = new Set<string>(['汇总']);
  const summary = workbook.addWorksheet('汇总');
  writeSheet(summary, {
    titles: ['表号', '表单名称', '份数'],
    types: ['count', 'text', 'count'],
    rows: [...byType.values()].map((list) => [list[0].number, list[0].title, list.length]),
  });
  for (const [type, list] of byType) {
    const name = sheetName(list[0].title, taken);
    taken.add(name);
    writeSheet(workbook.addWorksheet(name), tableOf(list, type));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One CSV of all the forms (a column per field across the types), the same titles and words as the workbook. */
export function formsCsv(forms: FormRow[]): string {
  const table = tableOf(forms);
  return toCsv(table.titles, table.rows);
}
