/**
 * Currencies the funds keep books in, with the minor units used for rounding.
 * IRR and VND are kept with 0 decimals: that is how the funds count (ISO 4217 lists IRR with 2,
 * but no rial fractions circulate). Add a currency here before a fund may use it.
 */
export interface Currency {
  /** ISO 4217 code. */
  code: string;
  /** Digits after the decimal point the funds keep. */
  minorUnits: number;
  name: string;
}

/** The currencies as data: add one here (code, minor units, name) before a fund may keep books in it. */
export const CURRENCIES: readonly Currency[] = Object.freeze([
  { code: 'IRR', minorUnits: 0, name: 'Iranian rial' },
  { code: 'VND', minorUnits: 0, name: 'Vietnamese dong' },
  { code: 'AFN', minorUnits: 2, name: 'Afghan afghani' },
  { code: 'USD', minorUnits: 2, name: 'US dollar' },
  { code: 'EUR', minorUnits: 2, name: 'Euro' },
  { code: 'SEK', minorUnits: 2, name: 'Swedish krona' },
]);

export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(CURRENCIES.map((c) => [c.code, c.minorUnits])),
);

export function isSupportedCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CURRENCY_MINOR_UNITS, code);
}

export function minorUnits(currency: string): number {
  const units = CURRENCY_MINOR_UNITS[currency];
  if (units === undefined) throw new RangeError(`Unsupported currency '${currency}'`);
  return units;
}
