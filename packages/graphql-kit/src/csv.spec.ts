import { crlfLines, csvCell, csvLine, csvLineEnds, firstCsvLines } from './csv';

describe('csvCell', () => {
  it.each([
    [null, '""'],
    [undefined, '""'],
    ['plain', '"plain"'],
    ['say "hi"', '"say ""hi"""'],
    ['a,b\r\nc', '"a,b\r\nc"'],
    [12.5, '"12.5"'],
    ['-12.5', '"-12.5"'],
    ['-1', '"-1"'],
    ['=SUM(A1)', `"'=SUM(A1)"`],
    ['+98 912', `"'+98 912"`],
    ['@cmd', `"'@cmd"`],
    ['\tx', `"'\tx"`],
    ['-x', `"'-x"`],
    ['زهرا', '"زهرا"'],
    ['', '""'],
    ['x"y', '"x""y"'],
    ['"quoted"', '"""quoted"""'],
    ['\rx', `"'\rx"`],
    ['a\r\n=b', '"a\r\n=b"'],
  ])('%j -> %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('joins a line with commas and CRLF', () => {
    expect(csvLine(['a', null, 3])).toBe('"a","","3"\r\n');
  });
});

describe('crlfLines', () => {
  // Cells with quotes, commas and line breaks of their own, as Postgres's COPY (FORMAT csv) writes them.
  const cells = [
    ['a', 'say "hi"'],
    ['b\nc', ''],
    ['d\r\n', '""'],
    ['زهرا', 'x,y'],
  ];
  const lf = cells.map((row) => `${row.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')}\n`).join('');
  const crlf = cells.map((row) => csvLine(row)).join('');

  it('finds where each line ends, not at line breaks inside cells', () => {
    const bytes = Buffer.from(crlf, 'utf8');
    const lines = csvLineEnds(bytes).map((end, i, ends) => bytes.toString('utf8', i === 0 ? 0 : ends[i - 1], end));
    expect(lines).toEqual(cells.map((row) => csvLine(row)));
    expect(csvLineEnds(Buffer.from(''))).toEqual([]);
  });

  it('ends each line with CRLF and leaves line breaks inside cells as they are, wherever the chunks split the text', () => {
    const bytes = Buffer.from(lf, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (const size of [1, 3, bytes.length]) {
        const convert = crlfLines();
        const parts: Buffer[] = [];
        parts.push(convert(bytes.subarray(0, cut)));
        for (let at = cut; at < bytes.length; at += size) parts.push(convert(bytes.subarray(at, at + size)));
        expect(Buffer.concat(parts).toString('utf8')).toBe(crlf);
      }
    }
  });

  it('keeps the first lines of a whole text, CRLF-ended, says whether more follow and where the last kept one starts', () => {
    const bytes = Buffer.from(lf, 'utf8');
    for (let count = 1; count <= cells.length + 1; count++) {
      const page = firstCsvLines(bytes, count);
      const kept = cells.slice(0, count).map((row) => csvLine(row));
      expect(page.lines.toString('utf8')).toBe(kept.join(''));
      expect(page.more).toBe(count < cells.length);
      expect(page.lastStart).toBe(Buffer.byteLength(kept.slice(0, -1).join(''), 'utf8'));
    }
    expect(firstCsvLines(Buffer.from(''), 3)).toEqual({ lines: Buffer.from(''), more: false, lastStart: 0 });
  });
});
