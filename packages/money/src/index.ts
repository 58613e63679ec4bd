export { CURRENCIES, Currency, CURRENCY_MINOR_UNITS, isSupportedCurrency, minorUnits } from './currency';
export {
  Dec,
  MONEY_ROUNDING,
  MAX_INTEGER_DIGITS,
  MAX_FRACTION_DIGITS,
  decimalProblem,
  parseDecimal,
  roundMoney,
  fitsCurrency,
  decimalToString,
} from './decimal';
export { decimalTransformer } from './transformer';
export { DecimalScalar } from './scalar';
export { Money, CurrencyMismatchError, MONEY_STORAGE_SCALE, MONEY_SQL_TYPE } from './money';
