import { csvField, neutraliseFormula, parseCsv, restoreFormula, toCsv } from './csv';

describe('RFC 4180 CSV', () => {
  it('quotes fields holding commas, quotes or line breaks, and doubles inner quotes', () => {
    const text = toCsv(['a', 'b'], [['plain', 'has, comma'], ['say "hi"', 'two\r\nlines'], ['', null]]);
    expect(text).toBe('a,b\r\nplain,"has, comma"\r\n"say ""hi""","two\r\nlines"\r\n,\r\n');
  });

  it('parses what it writes back to the same fields', () => {
    const rows = [['桂湖社区', '1,2,3'], ['"quoted"', 'line\nbreak'], ['', 'end']];
    expect(parseCsv(toCsv(['x', 'y'], rows))).toEqual([['x', 'y'], ...rows]);
  });

  it('accepts LF line ends, a BOM and a missing final line break', () => {
    expect(parseCsv('\ufeffa,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('rejects a quoted field that is never closed, naming the record', () => {
    expect(() => parseCsv('a,b\r\n"open,c\r\n')).toThrow('a quoted field in record 2 is never closed');
  });

  it('takes stray quotes as text, as spreadsheets write them, and names the record of an unclosed one', () => {
    expect(parseCsv('a,b"c\r\n"closed"junk\r\n')).toEqual([['a', 'b"c'], ['"closed"junk']]);
    expect(() => parseCsv('h\r\nok\r\nok\r\n"open')).toThrow('a quoted field in record 4 is never closed');
  });

  it('quotes a lone LF or CR as well as CRLF, and writes one field as toCsv does', () => {
    expect(toCsv(['a'], [['x\ny'], ['x\ry']])).toBe('a\r\n"x\ny"\r\n"x\ry"\r\n');
    expect(csvField('=1')).toBe("'=1");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField(null)).toBe('');
    expect(csvField(-1)).toBe('-1');
  });

  it('writes text a spreadsheet would run as a formula with a single quote in front (OWASP), numbers as they are', () => {
    const cells = ['=HYPERLINK("http://x","y")', '+1', '-2-3-4', '@SUM(A1:A9)', '\tlead', '\rlead', "'=already", 'safe', 'a=b', ''];
    const [, row] = parseCsv(toCsv(cells.map((_, i) => `c${i}`), [cells]));
    expect(row).toEqual(['\'=HYPERLINK("http://x","y")', "'+1", "'-2-3-4", "'@SUM(A1:A9)", "'\tlead", "'\rlead", "''=already", 'safe', 'a=b', '']);
    expect(toCsv(['n'], [[-5]])).toBe('n\r\n-5\r\n');
  });

  it('gives the platform’s own readers the exact text back (restoreFormulas)', () => {
    const cells = ['=1+1', '-2-3-4', "'=quoted", "''@x", "'plain", 'plain', '@'];
    expect(parseCsv(toCsv(['a', 'b', 'c', 'd', 'e', 'f', 'g'], [cells]), { restoreFormulas: true })[1]).toEqual(cells);
    for (const t of cells) expect(restoreFormula(neutraliseFormula(t))).toBe(t);
  });
});
