import { Field, ID, Int, ObjectType } from 'type-graphql';
import { MoneyType } from '@funds/graphql-kit';

@ObjectType('ShareOutLine', { description: "One member's share-out at a cycle's close." })
export class ShareOutLineType {
  @Field(() => ID, { description: 'The member.' })
  memberId!: string;

  @Field(() => Int, { description: 'Her shares on the closing day.' })
  shares!: number;

  @Field(() => MoneyType, { description: 'Their value (shares × the share value), returned to her.' })
  sharesValue!: MoneyType;

  @Field(() => MoneyType, { description: "Her part of the cycle's profit, in proportion to her shares." })
  profit!: MoneyType;

  @Field(() => MoneyType, { description: 'What she was paid in cash: her shares’ value plus her profit.' })
  paid!: MoneyType;
}

@ObjectType('SavingsCycle', {
  description:
    "A savings group's closed cycle and its share-out. The cycle runs from the day after the previous close (or the books' opening) through its closing day; its profit is the income less expenses dated in it. Each member is paid the value of her shares plus her part of the profit in proportion to her shares: the profit times her shares over all shares, rounded down to the currency's minor unit, and the units left over go one each to the largest fractions cut off (the earlier member on a tie), so the parts add up to the profit exactly. The social fund carries over. A cycle closes only when no loan is outstanding: every loan repaid (closed) or written off.",
})
export class SavingsCycleType {
  @Field(() => ID, { description: 'The cycle id.' })
  id!: string;

  fundId!: string;
  entryId!: string | null;

  @Field(() => Int, { description: "The cycle's number in the fund (1 for the first)." })
  number!: number;

  @Field(() => String, { nullable: true, description: 'The previous close (the cycle began the day after); null for the first.' })
  startedAfter!: string | null;

  @Field(() => String, { description: 'The closing day (YYYY-MM-DD), the share-out entry’s value date.' })
  closedOn!: string;

  @Field(() => MoneyType, { description: 'Income less expenses in the cycle (shared out).' })
  profit!: MoneyType;

  @Field(() => Int, { description: 'All shares on the closing day.' })
  shares!: number;

  @Field(() => MoneyType, { description: 'Paid out in cash: every share’s value plus the profit.' })
  paidOut!: MoneyType;

  @Field(() => [ShareOutLineType], { description: 'Each member’s share-out.' })
  lines!: ShareOutLineType[];
}
