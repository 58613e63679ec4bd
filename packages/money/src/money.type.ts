import 'reflect-metadata';
import { Field, ObjectType } from 'type-graphql';
import type Decimal from 'decimal.js';
import { DecimalScalar } from './scalar';

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
