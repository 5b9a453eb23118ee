/**
 * RFC 4180 CSV, as the community registry speaks it and as the form exports write it: CRLF record ends, a header row, fields quoted when
 * they hold a comma, a double quote or a line break, quotes inside doubled. UTF-8 throughout.
 *
 * Every CSV the platform writes may be opened in a spreadsheet, which runs a cell starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (a death place `=HYPERLINK(...)`
 * reported from a QR code would run on a clerk's machine). So, as OWASP's CSV-injection guidance
 * says, such a text cell is written with a single quote in front, which spreadsheets show as
 * text; the platform's own readers take it off again ({@link parseCsv} `restoreFormulas`).
 */

/** A text that a spreadsheet would run as a formula, possibly already quoted (so quoting can be undone exactly). */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const QUOTED_FORMULA_START = /^'+[=+\-@\t\r]/;

/** `text` as a spreadsheet shows it rather than runs it: a single quote in front of a formula-like start. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The text {@link neutraliseFormula} was given: `restoreFormula(neutraliseFormula(t)) === t` for every t. */
export function restoreFormula(text: string): string {
  return QUOTED_FORMULA_START.test(text) ? text.slice(1) : text;
}

/** One field, formula-like text neutralised, quoted only when RFC 4180 requires it. Numbers are written as they are. */
export function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole document: header row first, every record ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly record: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export interface ParseCsvOptions {
  /** Take off the quote {@link toCsv} put in front of formula-like text: for readers of CSV the platform wrote. @default false */
  restoreFormulas?: boolean;
}

/**
 * Parses a document into records of fields. Accepts CRLF or LF, a leading UTF-8 BOM, and a
 * missing final line break; a quote opened and never closed is a {@link CsvSyntaxError}.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): string[][] {
  const records = parseRecords(text);
  return options.restoreFormulas ? records.map((r) => r.map(restoreFormula)) : records;
}

function parseRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') endRecord();
    else if (c === '\r' && text[i + 1] === '\n') continue;
    else field += c;
  }
  if (quoted) throw new CsvSyntaxError(`a quoted field in record ${records.length + 1} is never closed`, records.length + 1);
  if (field !== '' || record.length > 0) endRecord();
  return records;
}
