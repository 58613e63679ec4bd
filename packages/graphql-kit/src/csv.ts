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
