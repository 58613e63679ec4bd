import { Field, ID, Int, ObjectType } from 'type-graphql';
import { MoneyType } from '@funds/graphql-kit';

@ObjectType('MeetingLine', { description: "One member's line of a collection sheet, as posted." })
export class MeetingLineType {
  @Field(() => ID, { description: 'The member.' })
  memberId!: string;

  @Field(() => MoneyType, { description: 'Her savings deposit (zero: none).' })
  savings!: MoneyType;

  @Field(() => Int, { description: 'Shares she bought.' })
  shares!: number;

  @Field(() => MoneyType, { description: 'What the shares cost (shares × the share value).' })
  sharesValue!: MoneyType;

  @Field(() => MoneyType, { description: 'Her social fund contribution (zero: none).' })
  socialFund!: MoneyType;

  @Field(() => MoneyType, { description: 'What she repaid on her loans.' })
  repaid!: MoneyType;

  entryIds!: string[];
}

@ObjectType('Meeting', {
  description:
    "A group meeting's collection sheet: every member's savings, shares, social fund contribution and repayments, posted in one transaction.",
})
export class MeetingType {
  @Field(() => ID, { description: 'The meeting id (the UUID the client made; the sheet’s idempotency key).' })
  id!: string;

  fundId!: string;

  @Field(() => ID, { description: 'The group that met.' })
  groupId!: string;

  @Field(() => String, { description: 'The day it was held (YYYY-MM-DD): the value date of its entries.' })
  heldOn!: string;

  @Field(() => Date, { description: 'When the sheet was recorded.' })
  recordedAt!: Date;

  @Field(() => [MeetingLineType], { description: 'Each line, in the order of the sheet.' })
  lines!: MeetingLineType[];

  @Field(() => MoneyType, { description: 'Savings deposited, over all lines.' })
  savings!: MoneyType;

  @Field(() => MoneyType, { description: 'Shares bought (their value), over all lines.' })
  sharesValue!: MoneyType;

  @Field(() => MoneyType, { description: 'Social fund contributions, over all lines.' })
  socialFund!: MoneyType;

  @Field(() => MoneyType, { description: 'Loan repayments, over all lines.' })
  repaid!: MoneyType;
}
