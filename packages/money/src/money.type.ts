import 'reflect-metadata';
import { Directive, Field, ObjectType } from 'type-graphql';
import type Decimal from 'decimal.js';
import { DecimalScalar } from './scalar';

/** Every subgraph that returns an amount returns this same type, so it is @shareable (a value type, not an entity). */
@Directive('@shareable')
@ObjectType({ description: 'An exact amount of money in one currency.' })
export class Money {
  @Field(() => DecimalScalar, { description: 'The amount, exact, as a decimal string.' })
  amount!: Decimal;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. IRR or VND.' })
  currency!: string;

  static of(amount: Decimal, currency: string): Money {
    const money = new Money();
    money.amount = amount;
    money.currency = currency;
    return money;
  }
}
