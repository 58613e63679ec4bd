import { isLeapJalaaliYear, jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';
import { calendarOf, localDay, monthOf, monthsBetween, nextDay, periodOf, periodsBetween } from './calendar';

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

describe('quarters and half-years, the year starting at Nowruz for Iranian nodes', () => {
  const shape = (p: { label: string; start: string; end: string; localStart: string; localEnd: string }) => [
    p.label,
    p.start,
    p.end,
    p.localStart,
    p.localEnd,
  ];

  it('Solar Hijri quarters around Nowruz 1405: Dey to Esfand 1404 ends the year (the leap 1403 before it), Farvardin to Khordad 1405 starts it', () => {
    // The library's own days: Dey 1 1404, Esfand 29 1404 (1404 is not leap), Farvardin 1 and Khordad 31 1405, Tir 1 and Shahrivar 31 1405.
    const g = (jy: number, jm: number, jd: number) => {
      const d = toGregorian(jy, jm, jd);
      return `${d.gy}-${String(d.gm).padStart(2, '0')}-${String(d.gd).padStart(2, '0')}`;
    };
    expect(isLeapJalaaliYear(1404)).toBe(false);
    expect(periodsBetween('SOLAR_HIJRI', 'QUARTER', '2026-03-01', '2026-08-11').map(shape)).toEqual([
      ['1404-Q4', g(1404, 10, 1), g(1404, 12, 29), '1404-10-01', '1404-12-29'],
      ['1405-Q1', g(1405, 1, 1), g(1405, 3, 31), '1405-01-01', '1405-03-31'],
      ['1405-Q2', g(1405, 4, 1), g(1405, 6, 31), '1405-04-01', '1405-06-31'],
    ]);
    expect(periodsBetween('SOLAR_HIJRI', 'QUARTER', '2026-03-01', '2026-08-11').map((p) => [p.start, p.end])).toEqual([
      ['2025-12-22', '2026-03-20'],
      ['2026-03-21', '2026-06-21'],
      ['2026-06-22', '2026-09-22'],
    ]);
    // Esfand 1403 had 30 days: its last quarter ends on 2025-03-20, and 1404-Q1 starts on Nowruz, 2025-03-21.
    expect(isLeapJalaaliYear(1403)).toBe(true);
    expect(shape(periodOf('SOLAR_HIJRI', 'QUARTER', '2025-03-20'))).toEqual([
      '1403-Q4',
      g(1403, 10, 1),
      '2025-03-20',
      '1403-10-01',
      '1403-12-30',
    ]);
    expect(periodOf('SOLAR_HIJRI', 'QUARTER', '2025-03-21').label).toBe('1404-Q1');
  });

  it('Solar Hijri half-years: Farvardin to Shahrivar (the 31-day months) and Mehr to Esfand', () => {
    expect(periodsBetween('SOLAR_HIJRI', 'HALF_YEAR', '2025-09-22', '2026-03-21').map(shape)).toEqual([
      ['1404-H1', '2025-03-21', '2025-09-22', '1404-01-01', '1404-06-31'],
      ['1404-H2', '2025-09-23', '2026-03-20', '1404-07-01', '1404-12-29'],
      ['1405-H1', '2026-03-21', '2026-09-22', '1405-01-01', '1405-06-31'],
    ]);
    expect(periodOf('SOLAR_HIJRI', 'MONTH', '2026-03-21')).toEqual(monthOf('SOLAR_HIJRI', '2026-03-21'));
  });

  it('Gregorian quarters and half-years for Vietnamese nodes', () => {
    expect(periodsBetween('GREGORIAN', 'QUARTER', '2027-12-31', '2028-04-01').map(shape)).toEqual([
      ['2027-Q4', '2027-10-01', '2027-12-31', '2027-10-01', '2027-12-31'],
      ['2028-Q1', '2028-01-01', '2028-03-31', '2028-01-01', '2028-03-31'],
      ['2028-Q2', '2028-04-01', '2028-06-30', '2028-04-01', '2028-06-30'],
    ]);
    expect(periodsBetween('GREGORIAN', 'HALF_YEAR', '2026-06-30', '2026-07-01').map((p) => [p.label, p.start, p.end])).toEqual([
      ['2026-H1', '2026-01-01', '2026-06-30'],
      ['2026-H2', '2026-07-01', '2026-12-31'],
    ]);
  });
});
