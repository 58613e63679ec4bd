/**
 * How the dashboard writes numbers, money and days for a reader: Persian digits and Solar Hijri
 * days for Iranian nodes, Vietnamese or English for Vietnamese ones, through the browser's Intl
 * (no table of our own). Amounts arrive as exact decimal strings and are formatted as strings
 * (Intl.NumberFormat formats a decimal string exactly): never through a float.
 */

export type Lang = 'fa' | 'vi' | 'en';
export type CalendarName = 'SOLAR_HIJRI' | 'GREGORIAN';

export interface Locale {
  lang: Lang;
  dir: 'rtl' | 'ltr';
  calendar: CalendarName;
  /** BCP 47 tag for numbers (fa-IR writes Persian digits). */
  numbers: string;
  /** BCP 47 tag for days, with the node's calendar (fa-IR-u-ca-persian for Iranian nodes). */
  dates: string;
}

const NUMBER_TAGS: Record<Lang, string> = { fa: 'fa-IR', vi: 'vi-VN', en: 'en-GB' };

/** The languages a node's page offers, the first being the default: Persian or English for Iran, Vietnamese or English for Vietnam. */
export function languagesFor(calendar: CalendarName): Lang[] {
  return calendar === 'SOLAR_HIJRI' ? ['fa', 'en'] : ['vi', 'en'];
}

export function localeFor(lang: Lang, calendar: CalendarName): Locale {
  const numbers = NUMBER_TAGS[lang];
  return {
    lang,
    dir: lang === 'fa' ? 'rtl' : 'ltr',
    calendar,
    numbers,
    dates: calendar === 'SOLAR_HIJRI' ? `${numbers}-u-ca-persian` : numbers,
  };
}

/** Currencies whose amounts are written without decimals (their minor unit is not used). */
const WHOLE_CURRENCIES = new Set(['IRR', 'VND']);

/** The decimals an amount of `currency` is written with: none for IRR and VND, else the currency's own. */
export function currencyDigits(currency: string): number {
  if (WHOLE_CURRENCIES.has(currency)) return 0;
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(tag: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${tag} ${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(tag, options);
    cache.set(key, format);
  }
  return format;
}

/** An exact decimal string (Intl formats it without a float). */
type Decimal = `${number}` | string;

/** An amount with its currency, e.g. `ریال ۱۲٬۵۰۰٬۰۰۰` or `12.500.000 ₫`. */
export function formatMoney(amount: Decimal, currency: string, locale: Locale): string {
  const digits = currencyDigits(currency);
  return numberFormat(locale.numbers, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount as Intl.StringNumericLiteral);
}

/** An amount without its currency (table cells under a currency heading). */
export function formatAmount(amount: Decimal, currency: string, locale: Locale): string {
  const digits = currencyDigits(currency);
  return numberFormat(locale.numbers, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    amount as Intl.StringNumericLiteral,
  );
}

/** A short amount for chart axes (`۱٫۲ میلیارد`, `1.2B`). */
export function formatCompact(value: number, locale: Locale): string {
  return numberFormat(locale.numbers, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A ratio (0 to 1, a decimal string) as a percentage with one decimal; a dash when there is none (no loans). */
export function formatRatio(ratio: Decimal | null | undefined, locale: Locale): string {
  if (ratio === null || ratio === undefined) return '—';
  return numberFormat(locale.numbers, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    ratio as Intl.StringNumericLiteral,
  );
}

export function formatCount(value: number, locale: Locale): string {
  return numberFormat(locale.numbers, { maximumFractionDigits: 0 }).format(value);
}

/** A day given as YYYY-MM-DD (Gregorian, as the API gives it) in the node's calendar: `۲ آذر ۱۴۰۵`. */
export function formatDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale.dates, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** The month holding a day (the first day of a period of the node's calendar): `آذر ۱۴۰۵`, `thg 11, 2026`. */
export function formatMonth(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale.dates, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** Compares two decimal strings exactly (for sorting amounts): negative, zero or positive. */
export function compareDecimal(a: string, b: string): number {
  const sign = (s: string) => (s.startsWith('-') ? -1 : 1);
  if (sign(a) !== sign(b)) return sign(a) - sign(b);
  const [ai, af = ''] = a.replace(/^[-+]/, '').split('.');
  const [bi, bf = ''] = b.replace(/^[-+]/, '').split('.');
  const width = Math.max(af.length, bf.length);
  const left = BigInt(ai + af.padEnd(width, '0'));
  const right = BigInt(bi + bf.padEnd(width, '0'));
  const magnitude = left === right ? 0 : left < right ? -1 : 1;
  return sign(a) * magnitude;
}

/** The first day of the month `months` months before the month of `day` (YYYY-MM-DD, Gregorian). */
export function monthsBefore(day: string, months: number): string {
  const [year, month] = day.split('-').map(Number);
  const index = year * 12 + (month - 1) - months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
}

/** The half-year (YYYY-H1 or YYYY-H2 of the node's calendar) holding a month labelled YYYY-MM by the API. */
export function halfYearOf(monthLabel: string): string {
  const [year, month] = monthLabel.split('-');
  return `${year}-H${Number(month) <= 6 ? 1 : 2}`;
}

/** Latin digits for Persian (and Arabic-Indic) ones, so a test or a copy can read a number back. */
export function latinDigits(text: string): string {
  return text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

/**
 * A percentage typed by a person (`12.5`, `۱۲٫۵`) as the exact ratio the API takes (`0.125`), or
 * null when it is not a number from 0 to 100.
 */
export function percentToRatio(text: string): string | null {
  const typed = latinDigits(text.trim()).replace('٫', '.').replace(',', '.');
  const match = /^(\d{1,3})(?:\.(\d{1,6}))?$/.exec(typed);
  if (!match) return null;
  const whole = match[1].padStart(3, '0');
  const digits = `${whole.slice(0, -2)}.${whole.slice(-2)}${match[2] ?? ''}`;
  const ratio = digits.replace(/^0+(?=\d)/, '').replace(/\.?0+$/, '') || '0';
  return compareDecimal(ratio, '1') > 0 ? null : ratio;
}

/** A half-year label of the API (YYYY-H1, YYYY-H2 in the node's calendar) for a reader: `نیمه دوم ۱۴۰۵`, `6 tháng cuối năm 2026`, `H2 2026`. */
export function formatHalfYear(label: string, locale: Locale): string {
  const [year, half] = label.split('-H');
  const y = numberFormat(locale.numbers, { useGrouping: false }).format(Number(year));
  if (locale.lang === 'fa') return `نیمه ${half === '1' ? 'اول' : 'دوم'} ${y}`;
  if (locale.lang === 'vi') return `6 tháng ${half === '1' ? 'đầu' : 'cuối'} năm ${y}`;
  return `H${half} ${y}`;
}
