import type Decimal from 'decimal.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '@funds/money';
import { MoneyType } from '@funds/graphql-kit';
import { CalendarKind, Portfolio } from '../portfolio/portfolio.types';

@ObjectType('EvaluationPeriod', { description: "A half-year of the node's calendar, shown both ways." })
export class EvaluationPeriod {
  @Field(() => CalendarKind, { description: 'Solar Hijri for Iranian nodes, Gregorian for Vietnamese ones.' })
  calendar!: CalendarKind;

  @Field(() => String, { description: "YYYY-H1 or YYYY-H2 in the node's calendar (1405-H1 is Farvardin to Shahrivar 1405)." })
  label!: string;

  @Field(() => String, { description: 'First day, Gregorian (YYYY-MM-DD).' })
  start!: string;

  @Field(() => String, { description: 'Last day, Gregorian (YYYY-MM-DD).' })
  end!: string;

  @Field(() => String, { description: 'First day in the node’s calendar (YYYY-MM-DD).' })
  localStart!: string;

  @Field(() => String, { description: 'Last day in the node’s calendar (YYYY-MM-DD).' })
  localEnd!: string;
}

@ObjectType('EvaluationCurrencyChange', { description: "One currency's change from the previous half-year's end to this one's." })
export class EvaluationCurrencyChange {
  @Field(() => String, { description: 'ISO 4217 currency code.' })
  currency!: string;

  @Field(() => MoneyType, { description: 'Gross loan portfolio at the end minus at the previous end.' })
  grossLoanPortfolio!: MoneyType;

  @Field(() => MoneyType, { description: 'Savings balance at the end minus at the previous end.' })
  savingsBalance!: MoneyType;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'PAR30 at the end minus at the previous end, in percentage points; null when either has no loans outstanding.',
  })
  par30Points!: Decimal | null;
}

@ObjectType('EvaluationChange', { description: "The change from the previous half-year's end to this one's." })
export class EvaluationChange {
  @Field(() => Int, { description: 'Active members at the end minus at the previous end.' })
  activeMembers!: number;

  @Field(() => [EvaluationCurrencyChange], { description: 'Loan and savings changes, one entry per currency.' })
  currencies!: EvaluationCurrencyChange[];
}

@ObjectType('MemberGrowth', { description: 'Members over the half-year.' })
export class MemberGrowth {
  @Field(() => Int, { description: "Active at the half-year's start (the previous half-year's end)." })
  activeAtStart!: number;

  @Field(() => Int, { description: "Active at the half-year's end." })
  activeAtEnd!: number;

  @Field(() => Int, { description: 'Memberships opened in the half-year.' })
  joined!: number;

  @Field(() => Int, { description: 'Memberships closed in the half-year.' })
  exited!: number;
}

@ObjectType('FundAtRisk', { description: "A fund under the node whose PAR30 at the half-year's end is above the threshold." })
export class FundAtRisk {
  @Field(() => ID, { description: 'The fund.' })
  id!: string;

  @Field(() => String, { description: 'Its name.' })
  name!: string;

  @Field(() => String, { description: 'The currency of the PAR30.' })
  currency!: string;

  @Field(() => DecimalScalar, { description: "Its PAR30 at the half-year's end." })
  par30!: Decimal;
}

@ObjectType('EvaluationReport', {
  description:
    "The facilitation programmes' 6-monthly evaluation of a node: its portfolio at the half-year's end and the previous one's, the change, member growth and the funds at risk.",
})
export class EvaluationReport {
  @Field(() => EvaluationPeriod, { description: 'The half-year.' })
  period!: EvaluationPeriod;

  @Field(() => EvaluationPeriod, { description: 'The half-year before it.' })
  previousPeriod!: EvaluationPeriod;

  @Field(() => Portfolio, {
    description: "The portfolio at the half-year's end (today for the current half-year), loans disbursed over the half-year.",
  })
  portfolio!: Portfolio;

  @Field(() => Portfolio, { description: "The portfolio at the previous half-year's end, loans disbursed over it." })
  previousPortfolio!: Portfolio;

  @Field(() => EvaluationChange, { description: 'The change between the two.' })
  change!: EvaluationChange;

  @Field(() => MemberGrowth, { description: 'Members over the half-year.' })
  memberGrowth!: MemberGrowth;

  @Field(() => DecimalScalar, { description: 'The PAR30 threshold fundsAtRisk used.' })
  par30Above!: Decimal;

  @Field(() => [FundAtRisk], { description: 'The funds under the node with PAR30 above the threshold at the end, worst first.' })
  fundsAtRisk!: FundAtRisk[];
}
