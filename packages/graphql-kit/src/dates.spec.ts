import { businessToday, isCalendarDate, isTimeZone, parseCalendarDate } from './dates';

describe('businessToday: the day where the fund is', () => {
  it.each([
    // 21:00Z on 1 March: still 1 March in UTC, already 2 March in Tehran (00:30) and Hanoi (04:00).
    ['2026-03-01T21:00:00Z', 'Asia/Tehran', '2026-03-02'],
    ['2026-03-01T21:00:00Z', 'Asia/Ho_Chi_Minh', '2026-03-02'],
    ['2026-03-01T21:00:00Z', 'UTC', '2026-03-01'],
    // 19:00Z: 22:30 in Tehran (still the 1st), 02:00 in Hanoi (the 2nd).
    ['2026-03-01T19:00:00Z', 'Asia/Tehran', '2026-03-01'],
    ['2026-03-01T19:00:00Z', 'Asia/Ho_Chi_Minh', '2026-03-02'],
    // Tehran is UTC+3:30 all year (no summer time since 2022): midnight falls at 20:30Z in June too.
    ['2026-06-21T20:29:59Z', 'Asia/Tehran', '2026-06-21'],
    ['2026-06-21T20:30:00Z', 'Asia/Tehran', '2026-06-22'],
    // Hanoi's midnight is 17:00Z; the year turns there first.
    ['2026-12-31T16:59:59Z', 'Asia/Ho_Chi_Minh', '2026-12-31'],
    ['2026-12-31T17:00:00Z', 'Asia/Ho_Chi_Minh', '2027-01-01'],
  ])('%s in %s is %s', (instant, zone, day) => {
    expect(businessToday(zone, new Date(instant))).toBe(day);
  });

  it('refuses a zone that does not exist', () => {
    expect(isTimeZone('Asia/Tehran')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(() => businessToday('Mars/Olympus', new Date())).toThrow(RangeError);
  });
});

describe('calendar days', () => {
  it.each(['2026-02-28', '2024-02-29', '1900-01-01', '2199-12-31'])('%s is a day the platform keeps', (day) => {
    expect(isCalendarDate(day)).toBe(true);
  });
  it.each([
    '2026-02-29',
    '2026-13-01',
    '2026-00-10',
    '0000-01-01',
    '10000-01-01',
    '1899-12-31',
    '2200-01-01',
    '2026-1-1',
    ' 2026-01-01',
    20260101,
  ])('%j is not', (day) => {
    expect(isCalendarDate(day)).toBe(false);
  });
  it('parses any real day of years 1-9999, but not year 0', () => {
    expect(parseCalendarDate('0001-01-01')).toEqual({ year: 1, month: 1, day: 1 });
    expect(parseCalendarDate('1799-12-31')).toEqual({ year: 1799, month: 12, day: 31 });
    expect(parseCalendarDate('0000-01-01')).toBeNull();
    expect(parseCalendarDate('2100-02-29')).toBeNull();
  });
});
