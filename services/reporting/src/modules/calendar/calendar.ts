import { jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';

/**
 * The calendars the network's countries report in: Iran in the Solar Hijri (Jalaali) calendar,
 * whose year starts at Nowruz, Vietnam in the Gregorian one. Conversions are jalaali-js's (the
 * Borkowski algorithm, exact for Jalaali years -61 to 3177), never written by hand here. Days are
 * stored and exchanged as Gregorian YYYY-MM-DD; a period is shown both ways.
 */
export type CalendarName = 'GREGORIAN' | 'SOLAR_HIJRI';

export const COUNTRY_CALENDARS: Readonly<Record<string, CalendarName>> = { IR: 'SOLAR_HIJRI', VN: 'GREGORIAN' };

export function calendarOf(countryCode: string): CalendarName {
  return COUNTRY_CALENDARS[countryCode] ?? 'GREGORIAN';
}

/** One month of a calendar: its label (YYYY-MM in that calendar) and its first and last days both ways. */
export interface CalendarMonth {
  calendar: CalendarName;
  /** YYYY-MM in the month's calendar (1405-01 is Farvardin 1405). */
  label: string;
  /** First and last day, Gregorian (YYYY-MM-DD). */
  start: string;
  end: string;
  /** First and last day in the month's calendar (YYYY-MM-DD). */
  localStart: string;
  localEnd: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const ymd = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

function parts(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number);
  return [y, m, d];
}

function gregorianMonthLength(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A Gregorian day written in `calendar` (YYYY-MM-DD). */
export function localDay(calendar: CalendarName, day: string): string {
  if (calendar === 'GREGORIAN') return day;
  const { jy, jm, jd } = toJalaali(...parts(day));
  return ymd(jy, jm, jd);
}

/** The month of `calendar` holding a Gregorian day. */
export function monthOf(calendar: CalendarName, day: string): CalendarMonth {
  const [gy, gm] = parts(day);
  if (calendar === 'GREGORIAN') {
    const length = gregorianMonthLength(gy, gm);
    return {
      calendar,
      label: `${pad(gy, 4)}-${pad(gm)}`,
      start: ymd(gy, gm, 1),
      end: ymd(gy, gm, length),
      localStart: ymd(gy, gm, 1),
      localEnd: ymd(gy, gm, length),
    };
  }
  const { jy, jm } = toJalaali(...parts(day));
  const length = jalaaliMonthLength(jy, jm);
  const first = toGregorian(jy, jm, 1);
  const last = toGregorian(jy, jm, length);
  return {
    calendar,
    label: `${pad(jy, 4)}-${pad(jm)}`,
    start: ymd(first.gy, first.gm, first.gd),
    end: ymd(last.gy, last.gm, last.gd),
    localStart: ymd(jy, jm, 1),
    localEnd: ymd(jy, jm, length),
  };
}

/** The day after a Gregorian day. */
export function nextDay(day: string): string {
  const [y, m, d] = parts(day);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return ymd(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

/** The months of `calendar` that hold a day of [from, to] (Gregorian days, from <= to), oldest first. */
export function monthsBetween(calendar: CalendarName, from: string, to: string): CalendarMonth[] {
  const months: CalendarMonth[] = [];
  for (let month = monthOf(calendar, from); month.start <= to; month = monthOf(calendar, nextDay(month.end))) months.push(month);
  return months;
}
