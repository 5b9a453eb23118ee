/**
 * A chosen file as rows of cells: CSV through papaparse (UTF-8, or GB18030 as Excel in China saves
 * it; comma, semicolon or tab as the list's separator), XLSX through exceljs, each loaded only when
 * such a file is chosen.
 * Parsed here in the browser: the spreadsheet never goes to a server as a whole, and a
 * malformed or oversized workbook can only slow down the tab that opened it.
 */

export interface Sheet {
  cells: unknown[][];
  /** The row number in the file of each entry in `cells`, so problems name the row the worker sees. */
  rowNumbers: number[];
}

export class UnreadableFile extends Error {}

/** Monthly files hold dozens of rows; anything near this is not one. */
const MAX_BYTES = 5 * 1024 * 1024;

function decodeText(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export async function readSheet(file: File): Promise<Sheet> {
  if (file.size > MAX_BYTES) throw new UnreadableFile('文件太大（超过 5 MB），请只保留本月的变动记录');
  const bytes = await file.arrayBuffer();
  if (/\.csv$/i.test(file.name)) {
    const { default: Papa } = await import('papaparse');
    // The BOM Excel writes in front of a UTF-8 CSV is no part of the first column's name.
    const parsed = Papa.parse<string[]>(decodeText(bytes).replace(/^\ufeff/, ''), { skipEmptyLines: false });
    if (parsed.errors.some((e) => e.type === 'Quotes')) throw new UnreadableFile('CSV 文件格式有误（引号没有闭合），请用表格软件重新另存为 CSV');
    // A last line break leaves one empty record behind it; blank lines inside keep their place in the numbering.
    const cells = parsed.data.length > 0 && parsed.data[parsed.data.length - 1].every((c) => c === '') ? parsed.data.slice(0, -1) : parsed.data;
    return { cells, rowNumbers: cells.map((_, i) => i + 1) };
  }
  if (/\.xlsx$/i.test(file.name)) {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(bytes);
    } catch {
      throw new UnreadableFile('无法读取这个 Excel 文件，请确认是 .xlsx 格式（旧的 .xls 请先另存为 .xlsx）');
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new UnreadableFile('这个 Excel 文件里没有工作表');
    const cells: unknown[][] = [];
    const rowNumbers: number[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      // row.values is 1-based: index 0 is always empty.
      cells.push((row.values as unknown[]).slice(1));
      rowNumbers.push(number);
    });
    return { cells, rowNumbers };
  }
  throw new UnreadableFile('只能导入 .xlsx 或 .csv 文件');
}
