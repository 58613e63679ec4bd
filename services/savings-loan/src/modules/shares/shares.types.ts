import { Field, Int, ObjectType } from 'type-graphql';
import { MoneyType } from '@funds/graphql-kit';

@ObjectType('SavingsTerms', {
  description: "A savings group's terms: the share value, the per-meeting maximum, the social fund contribution.",
})
export class SavingsTermsType {
  fundId!: string;

  @Field(() => MoneyType, { description: 'The value of one share.' })
  shareValue!: MoneyType;

  @Field(() => Int, { description: 'The most shares a member buys in one meeting.' })
  maxSharesPerMeeting!: number;

  @Field(() => MoneyType, { description: 'The social fund contribution per member and meeting (zero: none set).' })
  socialFundPerMeeting!: MoneyType;

  @Field(() => Date, { description: 'When they were last set.' })
  setAt!: Date;
}
