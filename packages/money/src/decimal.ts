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

const DECIMAL_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** Parses a canonical decimal string ("1250000", "-3.75"); throws on anything else (no floats, no exponents). */
export function parseDecimal(text: string): Decimal {
  if (typeof text !== 'string' || !DECIMAL_TEXT.test(text)) {
    throw new TypeError(`'${String(text)}' is not a decimal number written as a string like "1250000" or "12.50"`);
  }
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
