/**
 * Currencies the funds keep books in, with the minor units used for rounding.
 * IRR and VND are kept with 0 decimals: that is how the funds count (ISO 4217 lists IRR with 2,
 * but no rial fractions circulate). Add a currency here before a fund may use it.
 */
export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  IRR: 0,
  VND: 0,
  AFN: 2,
  USD: 2,
  EUR: 2,
  SEK: 2,
});

export function isSupportedCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CURRENCY_MINOR_UNITS, code);
}

export function minorUnits(currency: string): number {
  const units = CURRENCY_MINOR_UNITS[currency];
  if (units === undefined) throw new RangeError(`Unsupported currency '${currency}'`);
  return units;
}
