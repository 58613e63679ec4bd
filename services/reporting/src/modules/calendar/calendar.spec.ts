import { isLeapJalaaliYear, jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';
import { calendarOf, localDay, monthOf, monthsBetween, nextDay } from './calendar';

/**
 * Month boundaries as Iranian programmes count them (Solar Hijri, the year starting at Nowruz)
 * and Vietnamese ones (Gregorian). Nowruz 1405 fell on 2026-03-21 (the equinox of 2026-03-20 came
 * after noon in Tehran); 1403 was a leap year (Esfand of 30 days, ending 2025-03-20).
 */
describe('Solar Hijri months around Nowruz', () => {
  it('Bahman and Esfand 1404 end the year; Farvardin 1405 starts on Nowruz, 2026-03-21', () => {
    expect(
      monthsBetween('SOLAR_HIJRI', '2026-02-01', '2026-04-30').map((m) => [m.label, m.start, m.end, m.localStart, m.localEnd]),
    ).toEqual([
      ['1404-11', '2026-01-21', '2026-02-19', '1404-11-01', '1404-11-30'],
      ['1404-12', '2026-02-20', '2026-03-20', '1404-12-01', '1404-12-29'],
      ['1405-01', '2026-03-21', '2026-04-20', '1405-01-01', '1405-01-31'],
      ['1405-02', '2026-04-21', '2026-05-21', '1405-02-01', '1405-02-31'],
    ]);
  });

  it('the day before Nowruz is the last of the year, Nowruz the first of the next', () => {
    expect(localDay('SOLAR_HIJRI', '2026-03-20')).toBe('1404-12-29');
    expect(localDay('SOLAR_HIJRI', '2026-03-21')).toBe('1405-01-01');
    expect(monthOf('SOLAR_HIJRI', '2026-03-20').label).toBe('1404-12');
    expect(monthOf('SOLAR_HIJRI', '2026-03-21').label).toBe('1405-01');
  });

  it('a leap year: Esfand 1403 has 30 days and ends on 2025-03-20; Esfand 1404 has 29', () => {
    expect(isLeapJalaaliYear(1403)).toBe(true);
    expect(isLeapJalaaliYear(1404)).toBe(false);
    expect(monthOf('SOLAR_HIJRI', '2025-03-20')).toMatchObject({
      label: '1403-12',
      start: '2025-02-19',
      end: '2025-03-20',
      localEnd: '1403-12-30',
    });
    expect(monthOf('SOLAR_HIJRI', '2025-03-21')).toMatchObject({ label: '1404-01', start: '2025-03-21', localStart: '1404-01-01' });
  });

  it('every month of three years agrees with the library: it starts the day after the one before ends, and has the length the library gives', () => {
    const months = monthsBetween('SOLAR_HIJRI', '2024-03-20', '2027-03-20');
    // 2024-03-20 was Nowruz 1403; 2027-03-20 is the last day of 1405 (Nowruz 1406 falls on 2027-03-21).
    expect(months).toHaveLength(36);
    expect([months[0].label, months[35].label]).toEqual(['1403-01', '1405-12']);
    months.forEach((m, i) => {
      const [jy, jm] = m.label.split('-').map(Number);
      const first = toGregorian(jy, jm, 1);
      expect(m.start).toBe(`${first.gy}-${String(first.gm).padStart(2, '0')}-${String(first.gd).padStart(2, '0')}`);
      expect(toJalaali(...(m.end.split('-').map(Number) as [number, number, number]))).toEqual({ jy, jm, jd: jalaaliMonthLength(jy, jm) });
      if (i > 0) expect(m.start).toBe(nextDay(months[i - 1].end));
    });
    // The first six months have 31 days, the next five 30, Esfand 29 (1404) or 30 (1403, leap).
    expect(months.slice(12, 24).map((m) => jalaaliMonthLength(...(m.label.split('-').map(Number) as [number, number])))).toEqual([
      31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30, 29,
    ]);
    expect(jalaaliMonthLength(1403, 12)).toBe(30);
  });
});

describe('Gregorian months', () => {
  it('Vietnamese nodes count Gregorian months, February of a leap year included', () => {
    expect(calendarOf('VN')).toBe('GREGORIAN');
    expect(calendarOf('IR')).toBe('SOLAR_HIJRI');
    expect(monthsBetween('GREGORIAN', '2028-01-15', '2028-03-01').map((m) => [m.label, m.start, m.end])).toEqual([
      ['2028-01', '2028-01-01', '2028-01-31'],
      ['2028-02', '2028-02-01', '2028-02-29'],
      ['2028-03', '2028-03-01', '2028-03-31'],
    ]);
    expect(localDay('GREGORIAN', '2026-03-21')).toBe('2026-03-21');
  });
});
