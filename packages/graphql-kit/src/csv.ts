/** UTF-8's byte order mark: spreadsheets read a CSV that starts with it as UTF-8 (Persian, Vietnamese). */
export const CSV_BOM = '\uFEFF';

/** The media type of the platform's CSV answers. */
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';

/**
 * One CSV cell: always quoted, quotes doubled; text a spreadsheet would run as a formula (starting
 * with =, +, @, a tab or a carriage return, or a - that does not start a number) is prefixed with '.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Most cells (ids, dates, codes, names) start with a letter or digit and hold no quote: as they are.
  if (PLAIN.test(text)) return `"${text}"`;
  const safe = /^[=+@\t\r]/.test(text) || (/^-/.test(text) && !/^-\d+(\.\d+)?$/.test(text)) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Text that needs neither a formula guard nor doubled quotes: empty, or a first character no formula starts with and no quote anywhere. */
const PLAIN = /^(?:[^=+@\t\r"-][^"]*)?$/;

/**
 * csvCell's cell, for rows Postgres writes as CSV itself (`COPY (...) TO STDOUT (FORMAT csv,
 * FORCE_QUOTE *)`, which quotes every value and doubles its quotes): the text expression `expr`,
 * '' for NULL (so quoted, as csvCell writes null), prefixed with ' where csvCell would prefix it.
 */
export function csvGuardSql(expr: string): string {
  // ascii() of the first character first: a regular expression on every cell costs Postgres about
  // 0.5 µs, which doubled the time it takes to write a province's members.
  return `CASE WHEN ascii(${expr}) IN (9, 13, 43, 45, 61, 64) AND ${expr} ~ '^([=+@\\t\\r]|-(?!\\d+(\\.\\d+)?$))' THEN '''' || ${expr} ELSE coalesce(${expr}, '') END`;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * The line feeds of `chunk` that end a CSV line (outside quotes; one inside a quoted cell is the
 * cell's own), pushed to `ends` as offsets; `quoted` says whether the chunk starts inside a quoted
 * cell, the answer whether it ends inside one.
 */
function lineFeeds(chunk: Buffer, quoted: boolean, ends: number[]): boolean {
  for (let i = 0; i < chunk.length; i++) {
    const byte = chunk[i];
    if (byte === QUOTE) quoted = !quoted;
    else if (byte === LF && !quoted) ends.push(i);
  }
  return quoted;
}

/** `text` with a CR put before each line feed at `feeds` (offsets of the line feeds that end its lines, in order). */
function withCrlf(text: Buffer, feeds: readonly number[]): Buffer {
  if (feeds.length === 0) return text;
  const out = Buffer.allocUnsafe(text.length + feeds.length);
  let from = 0;
  let at = 0;
  for (const feed of feeds) {
    at += text.copy(out, at, from, feed);
    out[at++] = CR;
    out[at++] = LF;
    from = feed + 1;
  }
  text.copy(out, at, from);
  return out;
}

/**
 * CSV with lines ended by LF (Postgres's COPY) to lines ended by CRLF, as csvLine ends them. The
 * returned function takes the text chunk by chunk (a cell may span two) and keeps its place between.
 */
export function crlfLines(): (chunk: Buffer) => Buffer {
  let quoted = false;
  return (chunk) => {
    const feeds: number[] = [];
    quoted = lineFeeds(chunk, quoted, feeds);
    return withCrlf(chunk, feeds);
  };
}

/** Where each line of a CSV text ends: the offset just after each line feed that ends a line, in order. */
export function csvLineEnds(text: Buffer): number[] {
  const ends: number[] = [];
  lineFeeds(text, false, ends);
  return ends.map((at) => at + 1);
}

/**
 * The first `count` lines of a whole CSV text whose lines end with LF (a page Postgres's COPY
 * wrote, with one line more when a next page exists), their ends made CRLF, in one scan of the
 * text: `more` when the text has more lines than that; `lastStart`, where the last line kept
 * starts in `lines`.
 */
export function firstCsvLines(text: Buffer, count: number): { lines: Buffer; more: boolean; lastStart: number } {
  const ends = csvLineEnds(text);
  const more = ends.length > count;
  const kept = more ? ends.slice(0, count) : ends;
  const lines = withCrlf(
    more ? text.subarray(0, kept[count - 1]) : text,
    kept.map((end) => end - 1),
  );
  // Each line before the last kept one gained a CR.
  const last = kept.length - 1;
  return { lines, more, lastStart: last > 0 ? kept[last - 1] + last : 0 };
}

/** One CSV line (cells joined by commas, ended by CRLF as RFC 4180 has it). */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/**
 * The members export (issue 9 B4): GET at the gateway, which pipes membership's answer from the
 * same path under /internal. The next page's cursor travels in NEXT_AFTER_HEADER.
 */
export const MEMBER_EXPORT_PATH = '/exports/members.csv';
export const NEXT_AFTER_HEADER = 'x-next-after';
