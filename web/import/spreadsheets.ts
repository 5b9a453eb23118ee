/**
 * The files the import page hands the worker: the XLSX template (its ID column formatted as text,
 * so Excel keeps all 18 digits of what is typed or pasted into it) and the refused rows with their
 * reasons (XLSX or CSV, the template's columns so the fixed file imports as it is). Built in the
 * browser; exceljs is loaded only when one is asked for.
 */
import { toCsv } from '../../platform/csv';
import { COLUMNS, type ColumnKey } from './rows';
import type { RowOutcome } from './run';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Columns of the refused rows' file after the template's: the row in the uploaded file and why it was not reported. */
const REFUSED_EXTRA = ['原行号', '未上报原因'];

/** Widths in characters: an ID number's 18 digits, a date, a place. */
const WIDTHS: Record<ColumnKey, number> = { kind: 10, idNumber: 22, name: 10, effectiveDate: 12, place: 20, certificateNumber: 16, destination: 20, destinationDivisionCode: 14 };

async function workbookOf(rows: (string | number)[][], extraTitles: string[]): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('人口变动');
  sheet.columns = [
    // The ID column's style is text: a cell typed or pasted into it later keeps every digit.
    ...COLUMNS.map((c) => ({ header: c.title, width: WIDTHS[c.key], style: c.key === 'idNumber' ? { numFmt: '@' } : {} })),
    ...extraTitles.map((title) => ({ header: title, width: title === '未上报原因' ? 60 : 10 })),
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) sheet.addRow(row);
  const notes = book.addWorksheet('填写说明');
  for (const line of [
    ['变动类型填“死亡”或“迁出”；只有死亡（或只有迁出）的名单可以不要这一列，在导入页面选择默认变动类型。'],
    ['身份证号列已设为文本格式：请直接填写或粘贴 18 位号码，不要改成“数值”或“常规”格式，否则 Excel 会把号码变成 5.10114E+17，后几位丢失。'],
    ['变动日期写成 2026-03-05、2026/3/5 或 2026年3月5日 均可。死亡须填死亡地点，迁出须填迁往地。'],
  ]) notes.addRow(line);
  notes.getColumn(1).width = 100;
  return new Blob([await book.xlsx.writeBuffer()], { type: XLSX_TYPE });
}

export function templateWorkbook(): Promise<Blob> {
  return workbookOf([], []);
}

/** A refused row as the template's columns (as uploaded, the kind filled from the page's default), its row number and its reasons. */
function refusedRow(outcome: RowOutcome, values: Record<ColumnKey, string> | undefined): (string | number)[] {
  return [...COLUMNS.map((c) => values?.[c.key] ?? (c.key === 'name' ? outcome.name : c.key === 'idNumber' ? outcome.idNumber : '')), outcome.row, outcome.reasons.join('；')];
}

export function refusedWorkbook(outcomes: readonly RowOutcome[], valuesByRow: ReadonlyMap<number, Record<ColumnKey, string>>): Promise<Blob> {
  return workbookOf(outcomes.map((o) => refusedRow(o, valuesByRow.get(o.row))), REFUSED_EXTRA);
}

/** The same as CSV, UTF-8 with a BOM so Excel opens the Chinese correctly. */
export function refusedCsv(outcomes: readonly RowOutcome[], valuesByRow: ReadonlyMap<number, Record<ColumnKey, string>>): Blob {
  const csv = toCsv([...COLUMNS.map((c) => c.title), ...REFUSED_EXTRA], outcomes.map((o) => refusedRow(o, valuesByRow.get(o.row))));
  return new Blob(['\ufeff' + csv], { type: 'text/csv;charset=utf-8' });
}
