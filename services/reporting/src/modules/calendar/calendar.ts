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

/** How long a series' periods are: a month, a quarter (3 months) or a half-year (6 months) of the node's calendar. */
export type PeriodLength = 'MONTH' | 'QUARTER' | 'HALF_YEAR';

const MONTHS_IN: Record<PeriodLength, number> = { MONTH: 1, QUARTER: 3, HALF_YEAR: 6 };

/**
 * The period of `calendar` holding a Gregorian day: its months counted from the first month of
 * the calendar's year (Farvardin, at Nowruz, for the Solar Hijri calendar; January for the
 * Gregorian one), as the programmes count them: 1405-Q1 is Farvardin to Khordad 1405, 1405-H2
 * Mehr to Esfand. Labels: YYYY-MM (a month), YYYY-Q1..Q4, YYYY-H1..H2, in the period's calendar.
 */
export function periodOf(calendar: CalendarName, length: PeriodLength, day: string): CalendarMonth {
  const month = monthOf(calendar, day);
  if (length === 'MONTH') return month;
  const size = MONTHS_IN[length];
  const [year, m] = month.localStart.split('-').map(Number);
  const firstMonth = Math.floor((m - 1) / size) * size + 1;
  const lastMonth = firstMonth + size - 1;
  const dayOf = (localMonth: number): string => {
    if (calendar === 'GREGORIAN') return ymd(year, localMonth, 1);
    const g = toGregorian(year, localMonth, 1);
    return ymd(g.gy, g.gm, g.gd);
  };
  const first = monthOf(calendar, dayOf(firstMonth));
  const last = monthOf(calendar, dayOf(lastMonth));
  return {
    calendar,
    label: `${pad(year, 4)}-${length === 'QUARTER' ? 'Q' : 'H'}${(firstMonth - 1) / size + 1}`,
    start: first.start,
    end: last.end,
    localStart: first.localStart,
    localEnd: last.localEnd,
  };
}

/** The periods of `calendar` that hold a day of [from, to] (Gregorian days, from <= to), oldest first. */
export function periodsBetween(calendar: CalendarName, length: PeriodLength, from: string, to: string): CalendarMonth[] {
  const periods: CalendarMonth[] = [];
  for (let period = periodOf(calendar, length, from); period.start <= to; period = periodOf(calendar, length, nextDay(period.end)))
    periods.push(period);
  return periods;
}
