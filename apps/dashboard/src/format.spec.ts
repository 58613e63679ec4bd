import {
  compareDecimal,
  currencyDigits,
  formatCount,
  formatDay,
  formatHalfYear,
  formatMoney,
  formatMonth,
  formatRatio,
  halfYearOf,
  languagesFor,
  latinDigits,
  localeFor,
  monthsBefore,
  percentToRatio,
} from './format';

const fa = localeFor('fa', 'SOLAR_HIJRI');
const vi = localeFor('vi', 'GREGORIAN');
const enIran = localeFor('en', 'SOLAR_HIJRI');

describe('the dashboard locale', () => {
  it('is Persian, right to left, with the Persian calendar for Iranian nodes; Vietnamese or English for Vietnamese ones', () => {
    expect(languagesFor('SOLAR_HIJRI')).toEqual(['fa', 'en']);
    expect(languagesFor('GREGORIAN')).toEqual(['vi', 'en']);
    expect(fa).toMatchObject({ dir: 'rtl', numbers: 'fa-IR', dates: 'fa-IR-u-ca-persian' });
    expect(vi).toMatchObject({ dir: 'ltr', numbers: 'vi-VN', dates: 'vi-VN' });
    expect(enIran).toMatchObject({ dir: 'ltr', dates: 'en-GB-u-ca-persian' });
  });
});

describe('money', () => {
  it.each([
    ['IRR', 0],
    ['VND', 0],
    ['USD', 2],
    ['EUR', 2],
  ])('writes %s with %i decimals', (currency, digits) => expect(currencyDigits(currency)).toBe(digits));

  it('writes IRR in Persian digits without decimals, exactly (beyond a float)', () => {
    const text = formatMoney('12345678901234567', 'IRR', fa);
    expect(text).toMatch(/[۰-۹]/);
    expect(latinDigits(text).replace(/[^0-9]/g, '')).toBe('12345678901234567');
    expect(text).not.toMatch(/[٫.]/);
  });

  it('writes VND in Vietnamese without decimals', () => {
    const text = formatMoney('1500000', 'VND', vi);
    expect(text).toContain('₫');
    expect(text.replace(/\D/g, '')).toBe('1500000');
    expect(text).toMatch(/1\.500\.000/);
  });

  it('keeps the decimals of a currency that has them', () => {
    expect(formatMoney('12.5', 'USD', localeFor('en', 'GREGORIAN'))).toBe('US$12.50');
  });
});

describe('ratios and counts', () => {
  it('writes a ratio as a percentage with one decimal, a dash for none', () => {
    expect(formatRatio('0.0625', localeFor('en', 'GREGORIAN'))).toBe('6.3%');
    expect(latinDigits(formatRatio('0.0625', fa))).toMatch(/6٫3/);
    expect(formatRatio(null, fa)).toBe('—');
    expect(formatCount(1234, fa)).toBe('۱٬۲۳۴');
  });
});

describe('days and months', () => {
  it('writes a Gregorian day of the API in the Solar Hijri calendar for Iranian nodes', () => {
    expect(formatDay('2026-11-23', fa)).toBe('۲ آذر ۱۴۰۵');
    expect(formatDay('2026-03-21', fa)).toBe('۱ فروردین ۱۴۰۵');
    expect(formatMonth('2026-10-23', fa)).toBe('آبان ۱۴۰۵');
    expect(formatDay('2026-11-23', vi)).toContain('2026');
  });

  it('counts months back and finds the half-year of a month label', () => {
    expect(monthsBefore('2026-11-23', 11)).toBe('2025-12-01');
    expect(monthsBefore('2026-01-31', 1)).toBe('2025-12-01');
    expect(monthsBefore('2026-03-05', 0)).toBe('2026-03-01');
    expect(halfYearOf('1405-06')).toBe('1405-H1');
    expect(halfYearOf('1405-07')).toBe('1405-H2');
    expect(formatHalfYear('1405-H2', fa)).toBe('نیمه دوم ۱۴۰۵');
    expect(formatHalfYear('2026-H1', vi)).toBe('6 tháng đầu năm 2026');
  });
});

describe('compareDecimal', () => {
  it.each([
    ['1', '2', -1],
    ['10', '9', 1],
    ['0.1', '0.10', 0],
    ['-5', '3', -1],
    ['-5', '-3', -1],
    ['123456789012345678901', '123456789012345678900', 1],
    ['0.000001', '0', 1],
  ])('%s vs %s', (a, b, sign) => expect(Math.sign(compareDecimal(a, b))).toBe(sign));
});

describe('percentToRatio', () => {
  it.each([
    ['10', '0.1'],
    ['12.5', '0.125'],
    ['۱۲٫۵', '0.125'],
    ['5', '0.05'],
    ['0', '0'],
    ['100', '1'],
    ['101', null],
    ['abc', null],
    ['', null],
    ['-1', null],
  ])('%s%% is %s', (text, ratio) => expect(percentToRatio(text)).toBe(ratio));
});
