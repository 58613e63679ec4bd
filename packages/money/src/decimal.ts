import Decimal from 'decimal.js';
import { minorUnits } from './currency';

/**
 * One Decimal constructor for the whole platform: 40 significant digits, and the single
 * documented rounding mode for money: ROUND_HALF_EVEN (banker's rounding), which does not
 * bias totals up or down over many roundings.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -40, toExpPos: 40 });
export type Dec = Decimal;

export const MONEY_ROUNDING = Decimal.ROUND_HALF_EVEN;

/** Most digits before the decimal point: far above any fund's books (10^30), far below what Postgres or decimal.js strain at. */
export const MAX_INTEGER_DIGITS = 30;
/** Most digits after the decimal point: more than any currency or rate needs. */
export const MAX_FRACTION_DIGITS = 10;
/** Longest decimal text: sign, digits, point. Longer text is refused before any parsing. */
const MAX_DECIMAL_LENGTH = 1 + MAX_INTEGER_DIGITS + 1 + MAX_FRACTION_DIGITS;
const DECIMAL_TEXT = new RegExp(`^-?(0|[1-9]\\d{0,${MAX_INTEGER_DIGITS - 1}})(\\.\\d{1,${MAX_FRACTION_DIGITS}})?$`);

/** Why a text is not a decimal the platform accepts, or null when it is one. */
export function decimalProblem(text: unknown): string | null {
  if (typeof text !== 'string') return 'decimals are written as strings like "1250000" or "12.50"';
  if (text.length > MAX_DECIMAL_LENGTH || !DECIMAL_TEXT.test(text)) {
    return `a decimal is written like "1250000" or "-12.50": digits, an optional point, no exponent, at most ${MAX_INTEGER_DIGITS} digits before the point and ${MAX_FRACTION_DIGITS} after`;
  }
  return null;
}

/**
 * Parses a canonical decimal string ("1250000", "-3.75"); throws on anything else: floats,
 * exponents, NaN, Infinity, leading zeros, more than MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS.
 * Checks the length first, so a 200,000-digit text costs nothing.
 */
export function parseDecimal(text: string): Decimal {
  const problem = decimalProblem(text);
  if (problem) throw new TypeError(problem);
  return new Dec(text);
}

/** Rounds an amount to the currency's minor units with the platform's rounding mode. */
export function roundMoney(amount: Decimal, currency: string): Decimal {
  return new Dec(amount).toDecimalPlaces(minorUnits(currency), MONEY_ROUNDING);
}

/** True when the amount has no more decimals than the currency allows. */
export function fitsCurrency(amount: Decimal, currency: string): boolean {
  return new Dec(amount).decimalPlaces() <= minorUnits(currency);
}

/** Canonical text of a decimal: no exponent, no trailing zeros beyond what the value needs. */
export function decimalToString(value: Decimal): string {
  return new Dec(value).toFixed();
}
