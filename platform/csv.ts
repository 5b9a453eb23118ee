/**
 * RFC 4180 CSV, as the community registry speaks it and as the form exports write it: CRLF record ends, a header row, fields quoted when
 * they hold a comma, a double quote or a line break, quotes inside doubled. UTF-8 throughout.
 *
 * Every CSV the platform writes may be opened in a spreadsheet, which runs a cell starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return as a formula (a death place `=HYPERLINK(...)`
 * reported from a QR code would run on a clerk's machine). So, as OWASP's CSV-injection guidance
 * says, such a text cell is written with a single quote in front, which spreadsheets show as
 * text; the platform's own readers take it off again ({@link parseCsv} `restoreFormulas`).
 *
 * Writing is csv-stringify's and reading csv-parse's (their sync APIs); this module adds the
 * platform's rules over them (CRLF, quoting line breaks, the formula guard, a typed syntax error).
 * The pages bundle it too: scripts/buildWeb.ts points both at their browser builds.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { stringify, type Options as StringifyOptions } from 'csv-stringify/sync';


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

type Cell = string | number | null | undefined;

const WRITING: StringifyOptions = {
  record_delimiter: '\r\n',
  // csv-stringify quotes a delimiter, a quote and the record delimiter itself; RFC 4180 wants any line break quoted.
  quoted_match: /[\r\n]/,
  // Text only: numbers are written as they are (a negative number is a number, not a formula).
  cast: { string: neutraliseFormula, number: (n) => String(n) },
};

/** One field, formula-like text neutralised, quoted only when RFC 4180 requires it. Numbers are written as they are. */
export function csvField(value: Cell): string {
  return stringify([[value ?? '']], { ...WRITING, record_delimiter: '' }).replace(/\r\n$/, '');
}

/** A whole document: header row first, every record ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return stringify([header, ...rows].map((row) => row.map((cell) => cell ?? '')), WRITING);
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
 * Parses a document into records of fields. Accepts CRLF or LF, a leading UTF-8 BOM, a missing
 * final line break, records of different lengths, and a quote inside an unquoted field (taken as
 * text, as spreadsheets write it); a quote opened and never closed is a {@link CsvSyntaxError}
 * naming the record, as is any other malformed quoting.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): string[][] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const record = ((err as CsvError & { records?: number }).records ?? 0) + 1;
    throw err.code === 'CSV_QUOTE_NOT_CLOSED'
      ? new CsvSyntaxError(`a quoted field in record ${record} is never closed`, record)
      : new CsvSyntaxError(`record ${record} is not valid CSV (${err.code}): a quoted field must end with its closing quote followed by a comma or a line break`, record);
  }
  return options.restoreFormulas ? records.map((r) => r.map(restoreFormula)) : records;
}
