import type Decimal from 'decimal.js';
import { minorUnits } from './currency';
import { Dec, MONEY_ROUNDING, decimalToString } from './decimal';

/** Money is kept in Postgres at this fixed scale (numeric(34,4)): more than any currency's minor units. */
export const MONEY_STORAGE_SCALE = 4;
export const MONEY_SQL_TYPE = 'numeric(34,4)';

export class CurrencyMismatchError extends Error {
  constructor(a: string, b: string) {
    super(`Amounts in ${a} and ${b} are never added or compared`);
    this.name = 'CurrencyMismatchError';
  }
}

/**
 * An exact amount in one currency, the books' value type: immutable; built only valid (a known
 * currency, no more decimals than its minor units); arithmetic never mixes currencies. No
 * GraphQL or database here (the API's `Money` type and the `numeric` columns convert to and from it).
 */
export class Money {
  private constructor(
    readonly amount: Decimal,
    readonly currency: string,
  ) {}

  /** The amount as given; RangeError for an unknown currency or more decimals than it has. */
  static of(amount: Decimal.Value, currency: string): Money {
    const units = minorUnits(currency);
    const value = new Dec(amount);
    if (!value.isFinite()) throw new RangeError(`${String(amount)} is not an amount`);
    if (value.decimalPlaces() > units) throw new RangeError(`${currency} amounts have at most ${units} decimals; got ${value.toFixed()}`);
    return new Money(value, currency);
  }

  /** The amount rounded to the currency's minor units with the platform's rounding mode (half-even). */
  static rounded(amount: Decimal.Value, currency: string): Money {
    return Money.of(new Dec(amount).toDecimalPlaces(minorUnits(currency), MONEY_ROUNDING), currency);
  }

  static zero(currency: string): Money {
    return Money.of(0, currency);
  }

  static sum(list: readonly Money[], currency: string): Money {
    return list.reduce((total, m) => total.plus(m), Money.zero(currency));
  }

  /** A value read from a numeric(34,4) column; refused when it holds more decimals than the currency has. */
  static fromStorage(text: string, currency: string): Money {
    return Money.of(text, currency);
  }

  toStorage(): string {
    return this.amount.toFixed(MONEY_STORAGE_SCALE);
  }

  plus(other: Money): Money {
    return new Money(this.amount.plus(this.same(other).amount), this.currency);
  }

  minus(other: Money): Money {
    return new Money(this.amount.minus(this.same(other).amount), this.currency);
  }

  negated(): Money {
    return new Money(this.amount.negated(), this.currency);
  }

  /** This amount times a rate, rounded to the minor units. */
  times(rate: Decimal.Value): Money {
    return Money.rounded(this.amount.times(rate), this.currency);
  }

  isZero(): boolean {
    return this.amount.isZero();
  }

  isNegative(): boolean {
    return this.amount.isNegative() && !this.amount.isZero();
  }

  isPositive(): boolean {
    return this.amount.gt(0);
  }

  compare(other: Money): -1 | 0 | 1 {
    return this.amount.comparedTo(this.same(other).amount) as -1 | 0 | 1;
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.amount.eq(other.amount);
  }

  min(other: Money): Money {
    return this.compare(other) <= 0 ? this : other;
  }

  max(other: Money): Money {
    return this.compare(other) >= 0 ? this : other;
  }

  /**
   * Splits this amount by `ratios` (non-negative, at least one positive) to the minor unit, so the
   * parts sum exactly to the whole. THE REMAINDER RULE: each part gets its exact share rounded
   * toward zero to the minor unit; the minor units left over go one each to the parts whose
   * dropped fractions were largest, ties to the earlier part. A negative amount splits as the
   * mirror image of its positive.
   */
  allocate(ratios: readonly Decimal.Value[]): Money[] {
    const weights = ratios.map((r) => new Dec(r));
    if (weights.length === 0 || weights.some((w) => w.isNegative() || !w.isFinite())) {
      throw new RangeError('allocate needs one or more ratios, none negative');
    }
    const total = weights.reduce((a, w) => a.plus(w), new Dec(0));
    if (total.isZero()) throw new RangeError('allocate needs at least one positive ratio');
    if (this.isNegative())
      return this.negated()
        .allocate(ratios)
        .map((m) => m.negated());
    const units = minorUnits(this.currency);
    const exact = weights.map((w) => this.amount.times(w).div(total));
    const parts = exact.map((e) => e.toDecimalPlaces(units, Dec.ROUND_DOWN));
    const unit = new Dec(1).div(new Dec(10).pow(units));
    let left = this.amount
      .minus(parts.reduce((a, p) => a.plus(p), new Dec(0)))
      .div(unit)
      .toNumber();
    const order = exact.map((e, i) => ({ i, dropped: e.minus(parts[i]) })).sort((a, b) => b.dropped.comparedTo(a.dropped) || a.i - b.i);
    for (const { i } of order) {
      if (left <= 0) break;
      parts[i] = parts[i].plus(unit);
      left -= 1;
    }
    return parts.map((p) => new Money(p, this.currency));
  }

  toString(): string {
    return `${decimalToString(this.amount)} ${this.currency}`;
  }

  private same(other: Money): Money {
    if (other.currency !== this.currency) throw new CurrencyMismatchError(this.currency, other.currency);
    return other;
  }
}
