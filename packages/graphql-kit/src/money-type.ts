import Decimal from 'decimal.js';
import { Directive, Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from '@funds/money';

/**
 * An exact amount of money in one currency. `amount` is a decimal string ("1250000", "-12.50")
 * with no more decimals than the currency's minor units (IRR and VND: none); never a float.
 * Amounts of different currencies are never added together.
 */
@ObjectType('Money', {
  description:
    "An exact amount in one currency: `amount` is a decimal string with no more decimals than the currency's minor units (IRR and VND: none); amounts of different currencies are never summed.",
})
@Directive('@shareable')
export class MoneyType {
  @Field(() => DecimalScalar, { description: 'The amount, exact, as a decimal string.' })
  amount!: Decimal;

  @Field(() => String, { description: 'ISO 4217 currency code (IRR, VND, ...).' })
  currency!: string;

  static of(amount: Decimal, currency: string): MoneyType {
    return Object.assign(new MoneyType(), { amount, currency });
  }
}
