import { csvCell, csvLine } from './csv';

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
