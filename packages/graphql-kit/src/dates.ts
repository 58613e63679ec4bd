import { ValidationOptions, registerDecorator } from 'class-validator';
import { DomainError } from './errors';

/** The days the platform keeps: birth dates of the oldest members to planned terms far ahead. */
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '2199-12-31';

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/**
 * Parses a calendar day written YYYY-MM-DD (no time, no zone), strictly: 2026-02-30 and 0000-01-01
 * (there is no year 0) are not days. The one parser of dates on the platform; it does not apply
 * the platform's range (see isCalendarDate).
 */
export function parseCalendarDate(value: unknown): CalendarDay | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1) return null;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** True for a real calendar day written YYYY-MM-DD between MIN_DATE and MAX_DATE. */
export function isCalendarDate(value: unknown): value is string {
  return parseCalendarDate(value) !== null && (value as string) >= MIN_DATE && (value as string) <= MAX_DATE;
}

function dateMessage(field: string): string {
  return `${field} must be a date written YYYY-MM-DD, from ${MIN_DATE} to ${MAX_DATE}`;
}

/** Input-field validator: a calendar day, YYYY-MM-DD, within the platform's range. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: dateMessage(String(propertyName)), ...options },
      validator: { validate: isCalendarDate },
    });
}

/** For plain arguments (not input types): the value when it is a calendar day, else INVALID_INPUT naming the field. */
export function dateArg(value: string, field: string): string {
  if (!isCalendarDate(value)) throw new DomainError('INVALID_INPUT', `Invalid ${field}: ${dateMessage(field)}`, field);
  return value;
}

/** Where "now" comes from: the system clock, or a fixed instant in tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // Throws RangeError for a zone that is not an IANA zone.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory' });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** True for an IANA time zone name the runtime knows (Asia/Tehran, Asia/Ho_Chi_Minh). */
export function isTimeZone(value: string): boolean {
  try {
    dayFormat(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The calendar day (YYYY-MM-DD, Gregorian) it is at `now` in `timeZone`: the one way the platform
 * says "today". A business day is the day where the fund is, not in UTC: at 2026-03-01T21:00Z it
 * is already 2026-03-02 in Tehran (00:30) and in Hanoi (04:00).
 */
export function businessToday(timeZone: string, now: Date = new Date()): string {
  const parts = Object.fromEntries(
    dayFormat(timeZone)
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}
